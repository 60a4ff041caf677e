package io.sextant.appliers.vllm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a vLLM server's {@code GET /v1/models} lists: base models (no {@code parent}) and the LoRA
 * adapters loaded on them ({@code parent} is the base model, {@code root} the path it was loaded from).
 */
record VllmModels(List<Card> cards) {

    /** One entry of {@code data}: {@code id}, {@code root}, {@code parent}, {@code max_model_len}. */
    record Card(String id, String root, String parent, JsonNode maxModelLen) {

        boolean adapter() {
            return parent != null;
        }
    }

    static VllmModels of(JsonNode reply) {
        List<Card> cards = new ArrayList<>();
        for (JsonNode card : reply.path("data")) {
            JsonNode parent = card.path("parent");
            cards.add(new Card(card.path("id").asString(""), card.path("root").asString(""),
                    parent.isString() ? parent.asString() : null, card.path("max_model_len")));
        }
        return new VllmModels(List.copyOf(cards));
    }

    Optional<Card> base(String id) {
        return cards.stream().filter(card -> !card.adapter() && card.id().equals(id)).findFirst();
    }

    Optional<Card> adapter(String id) {
        return cards.stream().filter(card -> card.adapter() && card.id().equals(id)).findFirst();
    }

    /** Base model ids, for messages that say what the server does serve. */
    List<String> baseIds() {
        return cards.stream().filter(card -> !card.adapter()).map(Card::id).toList();
    }
}
