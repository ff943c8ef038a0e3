package ai.torale.notify.chat;

import ai.torale.notify.GuardedHttp.Answer;
import ai.torale.notify.InvalidNotificationException;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.SendOutcome;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** One chat platform: how a message is posted to it, and what its answers mean. */
public interface ChatPlatform {

  /** One POST: where, with which headers, what body. The URL may hold a credential. */
  record Post(URI url, Map<String, String> headers, byte[] body) {}

  /** The {@link NotificationChannel#type()} it serves. */
  String type();

  /**
   * The request for a message on a channel that carries its credentials; throws when the channel is
   * not valid (any more) for this platform.
   */
  Post post(NotificationChannel channel, ChatMessage message) throws InvalidNotificationException;

  /** What the platform's answer to that request means; {@code now} reads dated Retry-After. */
  SendOutcome classify(Answer answer, Instant now);
}
