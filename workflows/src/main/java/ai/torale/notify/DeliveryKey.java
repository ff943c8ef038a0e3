package ai.torale.notify;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What makes a delivery one delivery: the execution, the channel and the event. The target is part
 * of the key because a task may hold two channels of one type (two webhooks), and each must be
 * delivered once.
 */
public record DeliveryKey(UUID executionId, String channelType, String target, String event) {

  /**
   * A name-based UUID of the key: the same for every attempt, worker and restart, so it serves as
   * the storage key and as {@code X-Torale-Delivery}, with which a receiver drops duplicates.
   */
  public UUID id() {
    String name = "torale-delivery:" + executionId + ":" + channelType + ":" + target + ":" + event;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }
}
