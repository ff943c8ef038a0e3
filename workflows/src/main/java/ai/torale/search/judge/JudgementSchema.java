package ai.torale.search.judge;

import ai.torale.search.http.Json;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * The JSON Schema the judge must answer in: one schema for Gemini's {@code responseJsonSchema} and
 * OpenAI's strict {@code json_schema} (which wants every field required and nullable ones typed as
 * {@code [t, "null"]}). Models still get it wrong sometimes; {@link JudgementRules} repairs what
 * comes back.
 */
public final class JudgementSchema {
  public static final String NAME = "condition_evaluation";

  /**
   * Written once: every judge call sends the same schema, and building its tree anew for each was a
   * share of what a check allocates. Its UTF-8 bytes are encoded once, on the first body a
   * generator writes it into; the tree form (OpenAI's bodies) wraps the same text.
   */
  private static final SerializableString SERIALIZED = new SerializedString(Json.write(tree()));

  private static final RawValue JSON = new RawValue(SERIALIZED);

  private JudgementSchema() {}

  /** The schema as JSON text, for {@code ObjectNode.putRawValue} in a request body. */
  public static RawValue json() {
    return JSON;
  }

  /** The schema as JSON text, for {@code JsonGenerator.writeRawValue} in a request body. */
  public static SerializableString text() {
    return SERIALIZED;
  }

  private static ObjectNode tree() {
    ObjectNode schema = Json.object();
    schema.put("type", "object");
    schema.put("additionalProperties", false);
    ObjectNode props = schema.putObject("properties");
    field(props, "condition_met", "boolean", false, "Whether the condition holds now.");
    field(props, "answer", "string", false, "Short answer to the query, for the user.");
    field(
        props,
        "notification",
        "string",
        true,
        "Markdown for the user when there is news; else null.");
    field(props, "evidence", "string", false, "Why, citing source URLs.");
    field(props, "confidence", "integer", false, "0 to 100.");
    field(
        props,
        "next_run",
        "string",
        true,
        "ISO-8601 UTC date-time of the next check; null when the goal is "
            + "permanently reached.");
    field(props, "topic", "string", false, "3 to 5 words naming what is monitored.");
    ArrayNode required = schema.putArray("required");
    props.fieldNames().forEachRemaining(required::add);
    return schema;
  }

  private static void field(
      ObjectNode props, String name, String type, boolean nullable, String description) {
    ObjectNode field = props.putObject(name);
    if (nullable) {
      field.putArray("type").add(type).add("null");
    } else {
      field.put("type", type);
    }
    field.put("description", description);
  }
}
