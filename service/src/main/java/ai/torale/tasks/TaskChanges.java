package ai.torale.tasks;

import ai.torale.digest.TaskDelivery;
import ai.torale.monitor.TaskState;
import ai.torale.notify.NotificationChannel;
import java.util.List;

/** A validated update: each field is null when the request did not name it. */
public record TaskChanges(
    String name,
    String searchQuery,
    String conditionDescription,
    TaskState state,
    List<NotificationChannel> notifications,
    TaskDelivery delivery) {}
