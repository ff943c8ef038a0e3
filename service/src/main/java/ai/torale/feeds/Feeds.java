package ai.torale.feeds;

import ai.torale.auth.User;
import ai.torale.executions.Execution;
import ai.torale.executions.ExecutionDao;
import ai.torale.tasks.Task;
import ai.torale.tasks.TaskDao;
import ai.torale.tasks.TaskNotFound;
import ai.torale.tasks.TaskViews;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The feeds of a task's findings (its notified checks): the private one behind the owner's feed
 * token, the public one of a public task, and the token's rotation. A wrong token, a private task
 * on the public route and a missing task are all 404 {@code Task not found}: none tells which.
 */
public final class Feeds {
  /** How many findings a feed carries, newest first; readers keep what they have seen already. */
  static final int ENTRIES = 50;

  private final Jdbi jdbi;
  private final FeedTokens tokens;
  private final Clock clock;

  public Feeds(Jdbi jdbi, FeedTokens tokens, Clock clock) {
    this.jdbi = jdbi;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** The owner's private feed, for whoever holds the task's current token. */
  Feed privateFeed(UUID taskId, String token, Links links) {
    return jdbi.withHandle(h -> {
      if (!tokens.matches(h, taskId, token)) {
        throw new TaskNotFound();
      }
      Task task = new TaskDao(h).find(taskId).orElseThrow(TaskNotFound::new);
      return FeedDocument.of(
          task, new ExecutionDao(h).listNotified(taskId, ENTRIES, 0), links, null);
    });
  }

  /**
   * A public task's feed, for anyone; a read counts as a view of the task, as a read of the task
   * does.
   */
  Feed publicFeed(Optional<User> reader, UUID taskId, String clientAddress, Links links) {
    return jdbi.withHandle(h -> {
      Task task = new TaskDao(h).find(taskId).filter(Task::isPublic).orElseThrow(TaskNotFound::new);
      TaskViews.countRead(h, task, reader, clientAddress, clock.instant());
      List<Execution> findings = new ExecutionDao(h).listNotified(taskId, ENTRIES, 0);
      return FeedDocument.of(task, findings, links, links.publicFeed(taskId));
    });
  }

  /** A new private feed token for the owner's task; the one before stops working. */
  String rotate(User owner, UUID taskId) {
    return jdbi.inTransaction(h -> {
      new TaskDao(h).lockOwned(taskId, owner.id()).orElseThrow(TaskNotFound::new);
      return tokens.rotate(h, taskId, clock.instant());
    });
  }

  /** The owner's task has no private feed any more. */
  void revoke(User owner, UUID taskId) {
    jdbi.useTransaction(h -> {
      new TaskDao(h).lockOwned(taskId, owner.id()).orElseThrow(TaskNotFound::new);
      tokens.revoke(h, taskId);
    });
  }
}
