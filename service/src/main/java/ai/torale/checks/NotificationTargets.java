package ai.torale.checks;

import ai.torale.notify.NotificationChannel;
import ai.torale.tasks.Task;
import java.util.List;

/**
 * Which channels a check that has news uses: the task's own, or the owner's account address when
 * the task names none and the service can send email.
 */
public record NotificationTargets(boolean emailConfigured) {

  public List<NotificationChannel> channelsFor(Task task, String ownerEmail) {
    List<NotificationChannel> own = task.notifications() == null ? List.of() : task.notifications();
    if (!own.isEmpty() || !emailConfigured || ownerEmail == null) {
      return own;
    }
    return List.of(NotificationChannel.email(ownerEmail));
  }
}
