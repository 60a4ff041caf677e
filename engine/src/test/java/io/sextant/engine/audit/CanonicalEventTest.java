package io.sextant.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical JSON the store hashes, written straight from an event's fields, is byte for byte what
 * the reference path makes of it (Jackson's JSON of the event, canonicalised by JsonCanonicalizer), so
 * the hash chain is the one DESIGN.md section 6 defines and external verifiers recompute.
 */
class CanonicalEventTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String HASH = "ab".repeat(32);

    private static final double[] AWKWARD_DOUBLES = {0.0, -0.0, 1.0, -1.0, 0.1, 0.2 + 0.1, 1.0 / 3, 1e21, 1e-7,
        9.999999999999999e20, 1e20, 1e-6, 123456789012345680000.0, 5e-324, -5e-324, Double.MIN_NORMAL,
        Double.MAX_VALUE, -Double.MAX_VALUE, 4.35, 0.000001, 1e23, 2.5e-8, 9007199254740993.0, 295147905179352830000.0};
    private static final long[] AWKWARD_LONGS = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 53,
        (1L << 53) + 1, -(1L << 53) - 1, (1L << 62) + 1, Long.MAX_VALUE, Long.MIN_VALUE, 999_999_999_999_999_999L};

    @Test
    void writesTheCanonicalJsonOfTheReferencePathForManyRandomEvents() throws Exception {
        Random random = new Random(8785);
        for (int n = 0; n < 3000; n++) {
            AuditEvent event = event(random, diff(random, 4));
            CanonicalEvent direct = CanonicalEvent.of(event);

            assertThat(direct).as("event %d is written directly", n).isNotNull();
            assertThat(direct.text(event.id(), event.prevHash(), event.time())).as("event %d", n)
                    .isEqualTo(reference(event));
            assertThat(AuditHasher.hash(event)).isEqualTo(AuditHasher.hashViaTree(event));
        }
    }

    @Test
    void writesAwkwardNumbersAsTheReferencePathDoes() throws Exception {
        Random random = new Random(1);
        ArrayNode numbers = NODES.arrayNode();
        for (double d : AWKWARD_DOUBLES) {
            numbers.add(d);
        }
        for (long l : AWKWARD_LONGS) {
            numbers.add(l);
            numbers.add((int) l);
            numbers.add((short) l);
        }
        for (int i = 0; i < 20_000; i++) {
            numbers.add(Double.longBitsToDouble(random.nextLong())); // any bit pattern, NaN and infinities skipped below
            numbers.add(random.nextLong());
            numbers.add(random.nextDouble() * Math.pow(10, random.nextInt(60) - 30));
        }
        ArrayNode finite = NODES.arrayNode();
        numbers.forEach(node -> {
            if (!node.isDouble() || Double.isFinite(node.doubleValue())) {
                finite.add(node);
            }
        });
        AuditEvent event = event(random, finite);

        assertThat(CanonicalEvent.of(event)).isNotNull();
        assertThat(CanonicalEvent.of(event).text(event.id(), event.prevHash(), event.time())).isEqualTo(reference(event));
    }

    @Test
    void leavesValuesItDoesNotWriteItselfToTheReferencePathWithTheSameHash() {
        List<JsonNode> others = List.of(NODES.numberNode(new BigInteger("123456789012345678901234567890")),
                NODES.numberNode(new BigDecimal("1.10")), NODES.numberNode(1.1f), NODES.numberNode(Double.NaN),
                NODES.numberNode(Double.POSITIVE_INFINITY), NODES.binaryNode(new byte[] {1, 2}));
        Random random = new Random(2);
        for (JsonNode other : others) {
            ArrayNode diff = NODES.arrayNode().add(NODES.objectNode().put("op", "add").set("value", other));
            AuditEvent event = event(random, diff);

            assertThat(CanonicalEvent.of(event)).as("%s", other).isNull();
            assertThat(AuditHasher.hash(event)).isEqualTo(AuditHasher.hashViaTree(event));
        }
    }

    @Test
    void writesTheSignerWhereTheReferencePathDoesAndNothingWithoutOne() throws Exception {
        AuditEvent unsigned = new AuditEvent(7, "2026-11-23T06:00:00.123Z", "platform", "ab".repeat(20), "Ada", "msg",
                null, List.of(), "poll", null, "sim-local", "update", null, "succeeded", null, 3, AuditHasher.GENESIS,
                HASH);
        AuditEvent signed = new AuditEvent(7, unsigned.time(), "platform", unsigned.commit(), "Ada", "msg", null,
                List.of(), "poll", null, "sim-local", "update", null, "succeeded", null, 3, AuditHasher.GENESIS, HASH,
                new AuditEvent.Signer("SHA256:abc", "ada@example.com"));

        assertThat(CanonicalEvent.of(signed).text(7, AuditHasher.GENESIS, signed.time())).isEqualTo(reference(signed))
                .contains("\"signedBy\":{\"fingerprint\":\"SHA256:abc\",\"principal\":\"ada@example.com\"}");
        assertThat(CanonicalEvent.of(unsigned).text(7, AuditHasher.GENESIS, unsigned.time()))
                .isEqualTo(reference(unsigned)).doesNotContain("signedBy");
    }

    @Test
    void writesTheActorOfAManualActionWhereTheReferencePathDoes() throws Exception {
        AuditEvent withEmail = new AuditEvent(8, "2026-11-23T06:00:00.123Z", "platform", null, null, null, null,
                List.of(), "manual", null, null, "sync", null, "succeeded", null, 0, AuditHasher.GENESIS, HASH, null,
                new AuditEvent.Actor("ada", "ada@example.com"));
        AuditEvent token = new AuditEvent(8, withEmail.time(), "platform", null, null, null, null, List.of(), "manual",
                null, null, "sync", null, "succeeded", null, 0, AuditHasher.GENESIS, HASH, null,
                new AuditEvent.Actor("admin token", null));

        assertThat(CanonicalEvent.of(withEmail).text(8, AuditHasher.GENESIS, withEmail.time()))
                .isEqualTo(reference(withEmail))
                .contains("\"actor\":{\"email\":\"ada@example.com\",\"subject\":\"ada\"}");
        assertThat(CanonicalEvent.of(token).text(8, AuditHasher.GENESIS, token.time())).isEqualTo(reference(token));
    }

    @Test
    void writesTheModelRevisionWhereTheReferencePathDoes() throws Exception {
        AuditEvent event = new AuditEvent(9, "2026-11-23T06:00:00.123Z", "platform", "ab".repeat(20), "Ada", "msg",
                null, List.of(), "poll", null, "sim-local", "update", null, "succeeded", null, 3, AuditHasher.GENESIS,
                HASH, null, null, "sha256:" + "0f".repeat(32));

        assertThat(CanonicalEvent.of(event).text(9, AuditHasher.GENESIS, event.time())).isEqualTo(reference(event))
                .contains("\"id\":9,\"modelRevision\":\"sha256:" + "0f".repeat(32) + "\",\"outcome\"");
    }

    @Test
    void writesEventsWithNullsAsTheReferencePathDoes() throws Exception {
        AuditEvent event = new AuditEvent(7, "2026-11-23T06:00:00.123Z", null, null, null, null, null, null, null,
                null, null, null, null, null, null, 0, AuditHasher.GENESIS, HASH);

        assertThat(CanonicalEvent.of(event).text(7, AuditHasher.GENESIS, event.time())).isEqualTo(reference(event));
    }

    /** Jackson's JSON of the event without hash, canonicalised by JsonCanonicalizer. */
    private static String reference(AuditEvent event) throws Exception {
        ObjectNode tree = JSON.valueToTree(event);
        tree.remove("hash");
        return new JsonCanonicalizer(JSON.writeValueAsString(tree)).getEncodedString();
    }

    private static AuditEvent event(Random random, JsonNode diff) {
        List<String> approvedBy = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            approvedBy.add(text(random));
        }
        AuditEvent.ResourceRef resource = random.nextInt(5) == 0 ? null
                : new AuditEvent.ResourceRef(text(random), text(random), text(random));
        return new AuditEvent(random.nextInt(5) == 0 ? random.nextLong() : 1 + random.nextInt(1_000_000),
                "2026-11-23T06:00:00." + random.nextInt(10) + "Z", maybe(random), maybe(random), maybe(random),
                maybe(random), random.nextBoolean() ? null : random.nextInt(), approvedBy, maybe(random), resource,
                maybe(random), maybe(random), diff, maybe(random), maybe(random), random.nextLong(),
                random.nextBoolean() ? AuditHasher.GENESIS : "cd".repeat(32), HASH);
    }

    private static JsonNode diff(Random random, int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return scalar(random);
        }
        if (random.nextBoolean()) {
            ArrayNode array = NODES.arrayNode();
            for (int i = random.nextInt(5); i > 0; i--) {
                array.add(diff(random, depth - 1));
            }
            return array;
        }
        ObjectNode object = NODES.objectNode();
        for (int i = random.nextInt(6); i > 0; i--) {
            object.set(text(random), diff(random, depth - 1));
        }
        return object;
    }

    private static JsonNode scalar(Random random) {
        switch (random.nextInt(8)) {
            case 0: return NODES.nullNode();
            case 1: return NODES.booleanNode(random.nextBoolean());
            case 2: return NODES.numberNode(random.nextInt());
            case 3: return NODES.numberNode(AWKWARD_LONGS[random.nextInt(AWKWARD_LONGS.length)]);
            case 4: return NODES.numberNode(AWKWARD_DOUBLES[random.nextInt(AWKWARD_DOUBLES.length)]);
            case 5: return NODES.numberNode(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            default: return NODES.stringNode(text(random));
        }
    }

    private static String maybe(Random random) {
        return random.nextInt(6) == 0 ? null : text(random);
    }

    /** Text with what canonical JSON escapes or must not: controls, quotes, backslashes, non-ASCII, emoji. */
    private static String text(Random random) {
        String[] pieces = {"a", "Z", "llama-3", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000",
            "\u0001", "\u001f", "\u007f", "é", "Zoë", "✓", "\u2028", "\u2029", "\uFEFF", "\uD83D\uDE80", "\uFFFF",
            "€", "日本", "<script>", "{", "}", "[", ":", ","};
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }
}
