package io.sextant.engine.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** One resource: its status plus desired and observed documents, their diff and conditions. */
record ResourceDetail(@JsonUnwrapped ResourceItem item, JsonNode desired, JsonNode observed, JsonNode diff,
                      List<Conditions.Condition> conditions) {}
