package ai.torale.tasks;

import ai.torale.auth.User;
import ai.torale.digest.TaskDelivery;
import ai.torale.errors.FieldError;
import ai.torale.errors.Fields;
import ai.torale.monitor.TaskState;
import ai.torale.notify.NotificationChannel;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/** Turns create and update bodies into validated values, answering 422 in the contract's form. */
public final class TaskRequests {
  public static final int MAX_NAME = 200;
  public static final int MAX_TEXT = 2_000;
  static final List<String> STATES =
      Arrays.stream(TaskState.values()).map(TaskState::wire).toList();
  private static final List<String> CREATE_STATES = List.of("active", "paused");
  private static final List<String> READ_ONLY = List.of("notification_email", "webhook_url");

  private final NotificationRules notificationRules;

  /**
   * A name made by the service (a fork's, a check's topic) cut to the longest a task name may be.
   */
  public static String fitName(String name) {
    return fitName(name, MAX_NAME);
  }

  /**
   * {@code name} cut to {@code max} characters, counted as the database does (code points, never
   * half a pair).
   */
  static String fitName(String name, int max) {
    return name.codePointCount(0, name.length()) <= max
        ? name
        : name.substring(0, name.offsetByCodePoints(0, max));
  }

  public TaskRequests(NotificationRules notificationRules) {
    this.notificationRules = notificationRules;
  }

  public NewTask create(JsonNode body, User owner) {
    Fields f = Fields.body(body);
    String name = nonBlank(f, "name", f.plainText("name", false, MAX_NAME, false));
    String query = nonBlank(f, "search_query", f.plainText("search_query", true, MAX_TEXT, false));
    String condition = f.plainText("condition_description", false, MAX_TEXT, true);
    TaskState state =
        f.oneOf(
            "state",
            f.string("state", false, 20),
            CREATE_STATES,
            s -> CREATE_STATES.contains(s) ? TaskState.parse(s) : java.util.Optional.empty());
    Boolean runNow = f.bool("run_immediately", false);
    JsonNode channels = f.array("notifications");
    TaskDelivery delivery = DeliveryRules.parse(f);
    f.check();
    List<NotificationChannel> notifications =
        notificationRules.validate(channels, List.of(), owner);
    onlyAsShown(f, notifications);
    return new NewTask(
        name,
        query,
        condition == null || condition.isBlank() ? query : condition,
        state == null ? TaskState.ACTIVE : state,
        Boolean.TRUE.equals(runNow),
        notifications,
        delivery);
  }

  public TaskChanges update(JsonNode body, Task current, User owner) {
    Fields f = Fields.body(body);
    String name = nonBlank(f, "name", f.plainText("name", false, MAX_NAME, false));
    String query = nonBlank(f, "search_query", f.plainText("search_query", false, MAX_TEXT, false));
    String condition = f.plainText("condition_description", false, MAX_TEXT, true);
    TaskState state = f.oneOf("state", f.string("state", false, 20), STATES, TaskState::parse);
    JsonNode channels = f.array("notifications");
    TaskDelivery delivery = DeliveryRules.parse(f);
    f.check();
    List<NotificationChannel> notifications =
        channels == null
            ? null
            : notificationRules.validate(channels, current.notifications(), owner);
    onlyAsShown(f, notifications == null ? current.notifications() : notifications);
    return new TaskChanges(
        name,
        query,
        condition != null && condition.isBlank() ? null : condition,
        state,
        notifications,
        delivery);
  }

  /**
   * {@code notification_email} and {@code webhook_url} are what the answer derives from {@code
   * notifications}; a value that differs from it would otherwise be dropped without a word. The
   * value the task shows (null without that channel) is fine, so a client may send back what it
   * read.
   */
  private static void onlyAsShown(Fields f, List<NotificationChannel> channels) {
    List<String> shown =
        List.of(
            String.valueOf(TaskView.emailOf(channels)),
            String.valueOf(TaskView.webhookOf(channels)));
    for (int i = 0; i < READ_ONLY.size(); i++) {
      JsonNode value = f.node(READ_ONLY.get(i));
      if (value != null
          && !value.isNull()
          && !(value.isTextual() && value.asText().equals(shown.get(i)))) {
        f.add(
            FieldError.of(
                "body",
                READ_ONLY.get(i),
                "Field is read-only; set the channel in notifications",
                "read_only"));
      }
    }
    f.check();
  }

  private static String nonBlank(Fields f, String field, String value) {
    if (value != null && value.isBlank()) {
      f.add(
          FieldError.of(
              "body", field, "String should have at least 1 character", "string_too_short"));
      return null;
    }
    return value == null ? null : value.strip();
  }
}
