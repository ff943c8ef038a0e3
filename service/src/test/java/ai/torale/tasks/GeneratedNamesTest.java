package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A name the service makes up (a default or a fork's) is always found, however many and however
 * concurrent.
 */
class GeneratedNamesTest extends AppTest {
  private String alice;

  @BeforeAll
  void owner() {
    alice = newUser();
  }

  @Test
  void forkingTheSameTaskAgainCountsOn() {
    String id = publicTask("Launch");
    String bob = newUser();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Api.Reply fork = api.post("/api/v1/tasks/" + id + "/fork", bob, null);
      assertEquals(200, fork.status(), fork::toString);
      names.add(fork.field("name"));
    }
    assertEquals(
        List.of(
            "Launch (Copy)",
            "Launch (Copy 2)",
            "Launch (Copy 3)",
            "Launch (Copy 4)",
            "Launch (Copy 5)"),
        names);
    Api.Reply explicit =
        api.post("/api/v1/tasks/" + id + "/fork", bob, "{\"name\":\"Launch (Copy 2)\"}");
    assertEquals(409, explicit.status(), "an explicit name that is taken stays a conflict");
    assertEquals("A task named 'Launch (Copy 2)' already exists", explicit.field("detail"));
  }

  @Test
  void aNameOfTheLongestLengthIsCutSoTheSuffixFits() {
    for (String character : List.of("n", "\uD83D\uDE00")) {
      String name = character.repeat(TaskRequests.MAX_NAME);
      String id = publicTask(name);
      String bob = newUser();
      Set<String> names = new HashSet<>();
      for (int i = 1; i <= 3; i++) {
        Api.Reply fork = api.post("/api/v1/tasks/" + id + "/fork", bob, null);
        assertEquals(200, fork.status(), fork::toString);
        String forked = fork.field("name");
        String suffix = i == 1 ? " (Copy)" : " (Copy " + i + ")";
        assertEquals(character.repeat(TaskRequests.MAX_NAME - suffix.length()) + suffix, forked);
        names.add(forked);
      }
      assertEquals(3, names.size());
    }
  }

  @Test
  void parallelForksAllSucceedWithDistinctNames() throws Exception {
    String id = publicTask("Popular");
    String bob = newUser();
    List<Api.Reply> replies =
        inParallel(6, () -> api.post("/api/v1/tasks/" + id + "/fork", bob, null));
    assertDistinctNames(replies, 6);
    assertEquals(6, api.get("/api/v1/tasks/" + id, alice).json().get("subscriber_count").asInt());
  }

  @Test
  void parallelUnnamedCreatesAllSucceedWithDistinctNames() throws Exception {
    String carol = newUser();
    createTask(carol, "{\"name\":\"New Monitor 2\",\"search_query\":\"taken explicitly\"}");
    List<Api.Reply> replies =
        inParallel(10, () -> api.post("/api/v1/tasks", carol, "{\"search_query\":\"q\"}"));
    Set<String> names = assertDistinctNames(replies, 10);
    assertTrue(
        names.contains("New Monitor")
            && names.contains("New Monitor 11")
            && !names.contains("New Monitor 2"),
        names::toString);
  }

  private String publicTask(String name) {
    String id =
        createTask(alice, "{\"name\":\"" + name + "\",\"search_query\":\"q\",\"state\":\"paused\"}")
            .get("id")
            .asText();
    assertEquals(
        200,
        api.patch("/api/v1/tasks/" + id + "/visibility", alice, "{\"is_public\":true}").status());
    return id;
  }

  private static List<Api.Reply> inParallel(int n, Callable<Api.Reply> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Api.Reply>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(call));
      }
      List<Api.Reply> replies = new ArrayList<>();
      for (Future<Api.Reply> future : futures) {
        replies.add(future.get());
      }
      return replies;
    } finally {
      pool.shutdown();
    }
  }

  private static Set<String> assertDistinctNames(List<Api.Reply> replies, int n) {
    Set<String> names = new HashSet<>();
    for (Api.Reply reply : replies) {
      assertEquals(200, reply.status(), reply::toString);
      names.add(reply.field("name"));
    }
    assertEquals(n, names.size(), names::toString);
    return names;
  }
}
