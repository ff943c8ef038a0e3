package ai.torale.tasks;

import ai.torale.digest.TaskDelivery;
import ai.torale.monitor.TaskState;
import ai.torale.notify.NotificationChannel;
import java.util.List;

/** A validated create request; {@code name} null means "give it the default name". */
public record NewTask(
    String name,
    String searchQuery,
    String conditionDescription,
    TaskState state,
    boolean runImmediately,
    List<NotificationChannel> notifications,
    TaskDelivery delivery) {}
