package io.sextant.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.security.RawHttp.Answer;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Single sign-on against a real OpenID Connect provider in the test JVM (mock-oauth2-server: discovery, JWKS,
 * authorization code with PKCE, token endpoint): the API takes the provider's access tokens beside the engine's
 * own, each person's groups decide what they may do, and a browser signs in through the real endpoints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleSignOnTest {

    static final String ADMIN = "admin-secret-0123";
    static final String ISSUER = "corp";
    static final String REFUSED = "the bearer token presented is not accepted";

    @TempDir
    static Path dataDir;

    MockOAuth2Server provider;
    ConfigurableApplicationContext engine;
    RawHttp http;
    int port;

    @BeforeAll
    void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start();
        Path secret = Files.writeString(dataDir.resolve("client-secret"), "s3cret-of-the-client\n");
        engine = new SpringApplicationBuilder(SextantApplication.class).properties("server.port=0",
                "sextant.data-dir=" + dataDir.resolve("engine"), "sextant.api.admin-token=" + ADMIN,
                "sextant.auth.oidc.issuer-uri=" + provider.issuerUrl(ISSUER),
                "sextant.auth.oidc.client-id=sextant",
                "sextant.auth.oidc.client-secret-file=" + secret,
                "sextant.auth.roles[0].group=ml-viewers", "sextant.auth.roles[0].role=viewer",
                "sextant.auth.roles[1].group=ml-ops", "sextant.auth.roles[1].role=operator",
                "sextant.auth.roles[2].group=platform", "sextant.auth.roles[2].role=admin").run();
        port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
        http = new RawHttp(port);
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    @Test
    void aViewersAccessTokenReadsButCannotSync() {
        String viewer = token("ada", List.of("ml-viewers"));

        assertThat(http.send("GET", "/api/v1/resources", viewer).status()).isEqualTo(200);
        assertThat(http.send("GET", "/api/v1/audit", viewer).status()).isEqualTo(200);
        Answer sync = http.send("POST", "/api/v1/sync", viewer, Map.of(), "");
        assertThat(sync.status()).isEqualTo(403);
        assertThat(sync.header("Content-Type")).startsWith("application/problem+json");
        assertThat(sync.body()).contains("ada <ada@example.com> cannot do this: it needs the operator or admin role");
    }

    @Test
    void operatorsAndAdminsSyncWithTheirAccessTokens() {
        assertThat(http.send("POST", "/api/v1/sync", token("grace", List.of("ml-ops")), Map.of(), "").status())
                .isEqualTo(202);
        assertThat(http.send("POST", "/api/v1/sync", token("linus", List.of("other", "platform")), Map.of(), "")
                .status()).isEqualTo(202);
    }

    @Test
    void aPersonsManualSyncIsAuditedWithWhoAskedAndTheChainStillVerifies() {
        assertThat(http.send("POST", "/api/v1/sync?source=sample", token("hopper", List.of("ml-ops")), Map.of(), "")
                .status()).isEqualTo(202);
        assertThat(http.send("POST", "/api/v1/sync?source=sample", ADMIN, Map.of(), "").status()).isEqualTo(202);

        String audit = body(http.send("GET", "/api/v1/audit?action=sync", ADMIN));
        assertThat(audit).contains("\"actor\":{\"subject\":\"hopper\",\"email\":\"hopper@example.com\"}")
                .contains("\"trigger\":\"manual\"").contains("\"source\":\"sample\"")
                .as("the admin token names nobody").doesNotContain("admin token").doesNotContain(ADMIN);
        assertThat(body(http.send("GET", "/api/v1/audit/verify", ADMIN))).contains("\"valid\":true");
    }

    @Test
    void theEngineTokensKeepWorkingAndAnonymousReadsAreRefused() {
        assertThat(http.send("POST", "/api/v1/sync", ADMIN, Map.of(), "").status()).isEqualTo(202);
        assertThat(http.send("GET", "/api/v1/resources", ADMIN).status()).isEqualTo(200);
        Answer anonymous = http.send("GET", "/api/v1/resources", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).contains("sign in at /oauth2/authorization/sso");
    }

    @Test
    void aPersonInNoBoundGroupIsSignedInButMayReadNothing() {
        Answer answer = http.send("GET", "/api/v1/resources", token("eve", List.of("marketing")));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains("needs a role (viewer, operator or admin)").doesNotContain("llama");
    }

    @Test
    void forgedExpiredAndMisdirectedTokensAreRefusedAlikeWithoutSayingWhy() throws Exception {
        Map<String, Object> claims = Map.of("groups", List.of("platform"), "email", "mallory@example.com");
        SignedJWT genuine = provider.issueToken(ISSUER, "mallory", "sextant", claims, 3600);
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(otherKey.getKeyID()).build(),
                genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(otherKey));
        JWTClaimsSet unsignedClaims = genuine.getJWTClaimsSet();
        Map<String, String> attacks = Map.of(
                "expired", provider.issueToken(ISSUER, "mallory", "sextant", claims, -3600).serialize(),
                "another audience", provider.issueToken(ISSUER, "mallory", "billing", claims, 3600).serialize(),
                "signed by another key", forged.serialize(),
                "alg none", new PlainJWT(unsignedClaims).serialize(),
                "another issuer", provider.issueToken("elsewhere", "mallory", "sextant", claims, 3600).serialize());

        assertThat(http.send("POST", "/api/v1/sync", genuine.serialize(), Map.of(), "").status())
                .as("the genuine token, for contrast").isEqualTo(202);
        attacks.forEach((attack, token) -> {
            for (String[] request : new String[][] {{"GET", "/api/v1/resources"}, {"POST", "/api/v1/sync"}}) {
                Answer answer = http.send(request[0], request[1], token, Map.of(), request[0].equals("GET") ? null : "");
                assertThat(answer.status()).as(attack + " " + request[1]).isEqualTo(401);
                assertThat(answer.header("Content-Type")).as(attack).startsWith("application/problem+json");
                assertThat(answer.body()).as(attack).contains(REFUSED)
                        .doesNotContainIgnoringCase("expired").doesNotContainIgnoringCase("audience")
                        .doesNotContainIgnoringCase("signature").doesNotContainIgnoringCase("issuer")
                        .doesNotContainIgnoringCase("jwt").doesNotContain("mallory");
            }
        });
    }

    @Test
    void aBrowserSignsInWithTheAuthorizationCodeAndPkceAndItsSessionOnlyReads() throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "ada", "JWT", List.of("sextant"),
                Map.of("groups", List.of("platform"), "email", "ada@example.com"), 3600));
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> toProvider = get(browser, URI.create(base() + "/oauth2/authorization/sso"));
        assertThat(toProvider.statusCode()).isEqualTo(302);
        String authorize = toProvider.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(provider.authorizationEndpointUrl(ISSUER).toString())
                .contains("code_challenge=").contains("code_challenge_method=S256").contains("client_id=sextant");

        HttpResponse<String> back = get(browser, URI.create(authorize));
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(base() + "/login/oauth2/code/sso?code=");
        HttpResponse<String> signedIn = get(browser, URI.create(callback));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValue(base() + "/");
        assertThat(provider.takeRequest().getRequestUrl().encodedPath()).endsWith("/.well-known/openid-configuration");

        HttpResponse<String> resources = get(browser, URI.create(base() + "/api/v1/resources"));
        assertThat(resources.statusCode()).isEqualTo(200);
        assertThat(resources.body()).contains("\"items\"");
        HttpResponse<String> sync = browser.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/sync"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sync.statusCode()).as("a session cookie never changes state, even an admin's").isEqualTo(403);
        assertThat(sync.body()).contains("a signed-in browser session only reads");
    }

    private String token(String subject, List<String> groups) {
        return provider.issueToken(ISSUER, subject, "sextant",
                Map.of("groups", groups, "email", subject + "@example.com"), 3600).serialize();
    }

    /** The JSON of an answer, without the chunk sizes around it. */
    private static String body(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.body().substring(answer.body().indexOf('{'), answer.body().lastIndexOf('}') + 1);
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
