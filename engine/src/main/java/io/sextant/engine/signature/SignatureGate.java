package io.sextant.engine.signature;

import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.config.SourceProperties;
import io.sextant.engine.config.SourceProperties.VerifySignaturesProperties;
import io.sextant.engine.reconcile.CommitGate;
import io.sextant.engine.reconcile.GateVerdict;
import io.sextant.engine.source.WatchedSource;
import io.sextant.git.GitSources;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import io.sextant.git.api.SignatureCheck;
import io.sextant.git.api.TrustedKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The signature gate ({@code sextant.sources[].verify-signatures}): the commit a reconcile would apply
 * must carry a valid OpenPGP or SSH signature by a key in the {@code trusted-keys} directory. In
 * {@code required} mode any other commit is blocked (fail closed, also when the keys cannot be read);
 * in {@code warn} mode it is applied and the reason logged. The directory is read on every check, so
 * adding or removing a key needs no restart. Like Flux and Argo CD, only the commit being applied is
 * checked, not every commit before it.
 */
@Component
class SignatureGate implements CommitGate {

    private static final Logger log = LoggerFactory.getLogger(SignatureGate.class);

    /** Checks the configuration at start-up, so a typo in a mode or a missing key directory stops the engine. */
    SignatureGate(SextantProperties properties) {
        for (SourceProperties source : properties.sources()) {
            VerifySignaturesProperties config = source.verifySignatures();
            SignatureMode mode = SignatureMode.parse(config == null ? null : config.mode(), source.name());
            if (mode == SignatureMode.OFF) {
                continue;
            }
            if (config.trustedKeys() == null || config.trustedKeys().isBlank()) {
                throw new IllegalStateException("sextant.sources[" + source.name() + "].verify-signatures.trusted-keys: "
                        + "a directory of trusted public keys is needed when mode is " + config.mode());
            }
            try {
                TrustedKeys keys = GitSources.trustedKeys(Path.of(config.trustedKeys()));
                log.info("source={} verify-signatures={}: {} trusted keys in {}", source.name(),
                        mode.name().toLowerCase(Locale.ROOT), keys.size(), keys.directory());
            } catch (GitException e) {
                throw new IllegalStateException("sextant.sources[" + source.name() + "].verify-signatures.trusted-keys: "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public GateVerdict evaluate(WatchedSource source, CommitInfo commit) {
        VerifySignaturesProperties config = source.properties().verifySignatures();
        SignatureMode mode = SignatureMode.parse(config == null ? null : config.mode(), source.name());
        if (mode == SignatureMode.OFF) {
            return GateVerdict.allow();
        }
        String shortId = commit.id().substring(0, 7);
        String reason;
        try {
            TrustedKeys keys = GitSources.trustedKeys(Path.of(config.trustedKeys()));
            SignatureCheck check = source.git().verifySignature(commit.id(), keys);
            if (check.verified()) {
                log.debug("source={} commit={} {}", source.name(), shortId, check.message());
                return GateVerdict.signed(new AuditEvent.Signer(check.keyId(), check.signer()));
            }
            reason = "commit " + shortId + " is not signed by a trusted key (" + check + ")";
        } catch (GitException e) {
            reason = "cannot verify the signature of commit " + shortId + ": " + e.getMessage();
        }
        if (mode == SignatureMode.WARN) {
            log.warn("source={} {}; applying it anyway (verify-signatures: warn)", source.name(), reason);
            return new GateVerdict(true, reason, null, List.of());
        }
        log.warn("source={} {}; blocked (verify-signatures: required)", source.name(), reason);
        return GateVerdict.block(reason);
    }
}
