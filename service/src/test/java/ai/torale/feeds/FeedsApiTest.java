package ai.torale.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.io.WireFeedInput;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The private and public Atom feeds and the public task list, read as a feed reader and a browser
 * would: Atom parsed by Rome, conditional GETs, tokens that stop working, and no token in the log.
 */
class FeedsApiTest extends AppTest {
  private static final Path REQUEST_LOG = requestLogFile();

  @Override
  protected ConfigOverride[] overrides() {
    return new ConfigOverride[] {
      ConfigOverride.config("server.requestLog.appenders[0].type", "file"),
      ConfigOverride.config(
          "server.requestLog.appenders[0].currentLogFilename", REQUEST_LOG.toString()),
      ConfigOverride.config("server.requestLog.appenders[0].archive", "false"),
    };
  }

  @AfterAll
  void removeLog() throws IOException {
    Files.deleteIfExists(REQUEST_LOG);
  }

  @Test
  void theOwnersTokenOpensAnAtomFeedOfTheTasksFindings() throws Exception {
    String owner = newUser();
    String id = task(owner, "Rocket launches");
    UUID first = finding(id, "Starship flies on 3 May.", Instant.parse("2026-03-01T10:00:00Z"));
    UUID second =
        finding(id, "Starship's flight moved to 9 May.", Instant.parse("2026-03-02T10:00:00Z"));
    checkWithoutNews(id, Instant.parse("2026-03-03T10:00:00Z"));

    Api.Reply issued = api.post("/api/v1/tasks/" + id + "/feed-token", owner, null);
    assertEquals(200, issued.status(), issued::toString);
    String token = issued.field("token");
    assertTrue(token.matches("ft_[A-Za-z0-9_-]{43}"), token);
    String url = issued.field("url");
    assertTrue(url.endsWith("/api/v1/tasks/" + id + "/feed.atom?token=" + token), url);

    HttpResponse<String> read = api.raw("GET", pathOf(url), null);
    assertEquals(200, read.statusCode(), read::body);
    assertEquals(
        "application/atom+xml;charset=utf-8",
        read.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
    assertTrue(read.headers().firstValue("Cache-Control").orElseThrow().contains("private"));
    Feed feed = atom(read.body());
    assertEquals("urn:uuid:" + id, feed.getId());
    assertEquals("Rocket launches", feed.getTitleEx().getValue());
    assertEquals(Instant.parse("2026-03-02T10:00:00Z"), feed.getUpdated().toInstant());
    assertTrue(feed.getOtherLinks().stream().noneMatch(l -> "self".equals(l.getRel())));
    List<Entry> entries = feed.getEntries();
    assertEquals(2, entries.size(), "only the checks that notified, newest first");
    Entry newest = entries.get(0);
    assertEquals("urn:uuid:" + second, newest.getId());
    assertEquals("urn:uuid:" + first, entries.get(1).getId());
    assertEquals("Starship's flight moved to 9 May.", newest.getTitleEx().getValue());
    assertEquals(Instant.parse("2026-03-02T10:00:00Z"), newest.getUpdated().toInstant());
    String content = newest.getContents().get(0).getValue();
    assertTrue(content.contains("Starship's flight moved to 9 May."), content);
    assertTrue(content.contains("The answer: 9 May &amp; not before."), content);
    assertTrue(content.contains("href=\"https://example.com/news?a=1&amp;b=2\""), content);
    List<String> related =
        newest.getOtherLinks().stream()
            .filter(l -> "related".equals(l.getRel()))
            .map(Link::getHref)
            .toList();
    assertEquals(List.of("https://example.com/news?a=1&b=2"), related);
    assertTrue(
        newest.getAlternateLinks().get(0).getHref().endsWith("/api/v1/tasks/" + id),
        "entries link back to the task");
  }

  @Test
  void theTaskViewShowsTheFeedUrlToItsOwnerOnly() {
    String owner = newUser();
    String id = task(owner, "Shown");
    assertTrue(api.get("/api/v1/tasks/" + id, owner).json().get("feed_url").isNull());
    String token = api.post("/api/v1/tasks/" + id + "/feed-token", owner, null).field("token");
    String shown = api.get("/api/v1/tasks/" + id, owner).field("feed_url");
    assertEquals("/api/v1/tasks/" + id + "/feed.atom?token=" + token, shown);
    assertEquals(200, api.get(shown, null).status(), "the owner's feed_url reads the feed");
    JsonNode listed = api.get("/api/v1/tasks", owner).json().get(0);
    assertEquals(shown, listed.get("feed_url").asText());
    makePublic(owner, id);
    JsonNode asStranger = api.get("/api/v1/tasks/" + id, newUser()).json();
    assertTrue(asStranger.get("feed_url").isNull(), asStranger::toString);
    assertTrue(api.get("/api/v1/tasks/" + id, null).json().get("feed_url").isNull());
  }

  @Test
  void aRotatedRevokedWrongOrMissingTokenIsNotFound() {
    String owner = newUser();
    String id = task(owner, "Rotating");
    String old = api.post("/api/v1/tasks/" + id + "/feed-token", owner, null).field("token");
    assertEquals(200, feed(id, old).status());
    String current = api.post("/api/v1/tasks/" + id + "/feed-token", owner, null).field("token");
    assertNotEquals(old, current);
    Api.Reply stale = feed(id, old);
    assertEquals(404, stale.status());
    assertEquals("Task not found", stale.field("detail"));
    assertEquals(200, feed(id, current).status());
    assertEquals(404, feed(id, "ft_" + "A".repeat(43)).status());
    assertEquals(404, api.get("/api/v1/tasks/" + id + "/feed.atom", null).status());
    assertEquals(404, feed(UUID.randomUUID().toString(), current).status());
    assertEquals(422, feed("not-a-uuid", current).status());

    String stranger = newUser();
    assertEquals(404, api.post("/api/v1/tasks/" + id + "/feed-token", stranger, null).status());
    assertEquals(401, api.post("/api/v1/tasks/" + id + "/feed-token", null, null).status());
    assertEquals(204, api.delete("/api/v1/tasks/" + id + "/feed-token", owner).status());
    assertEquals(404, feed(id, current).status());
    assertTrue(api.get("/api/v1/tasks/" + id, owner).json().get("feed_url").isNull());
  }

  @Test
  void aReaderThatHasTheFeedGetsNotModified() {
    String owner = newUser();
    String id = task(owner, "Conditional");
    finding(id, "First news.", Instant.parse("2026-04-01T08:00:00Z"));
    String token = api.post("/api/v1/tasks/" + id + "/feed-token", owner, null).field("token");
    String path = "/api/v1/tasks/" + id + "/feed.atom?token=" + token;
    HttpResponse<String> first = api.raw("GET", path, null);
    String tag = first.headers().firstValue("ETag").orElseThrow();
    assertTrue(tag.startsWith("\""), tag);

    HttpResponse<String> again = api.raw("GET", path, null, "If-None-Match", tag);
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
    assertEquals(tag, again.headers().firstValue("ETag").orElseThrow());
    assertEquals(
        304, api.raw("GET", path, null, "If-None-Match", "\"other\", W/" + tag).statusCode());

    finding(id, "Second news.", Instant.parse("2026-04-02T08:00:00Z"));
    HttpResponse<String> changed = api.raw("GET", path, null, "If-None-Match", tag);
    assertEquals(200, changed.statusCode());
    assertNotEquals(tag, changed.headers().firstValue("ETag").orElseThrow());
    assertEquals(2, atom(changed.body()).getEntries().size());
  }

  @Test
  void publicTasksAreListedScrubbedAndSortedAndTheirFeedsCountViews() {
    String owner = newUser();
    String quiet = task(owner, "Quiet public");
    String busy = task(owner, "Busy public");
    String secret = task(owner, "Private one");
    makePublic(owner, quiet);
    makePublic(owner, busy);
    finding(busy, "Public news.", Instant.parse("2026-05-01T08:00:00Z"));
    api.put(
        "/api/v1/tasks/" + busy,
        owner,
        "{\"notifications\":[{\"type\":\"webhook\",\"url\":\"https://example.com/hook\"}]}");

    String feedPath = "/api/v1/public/tasks/" + busy + "/feed.atom";
    HttpResponse<String> read = api.raw("GET", feedPath, null);
    assertEquals(200, read.statusCode(), read::body);
    Feed feed = atom(read.body());
    assertEquals(1, feed.getEntries().size());
    assertTrue(
        feed.getOtherLinks().stream()
            .anyMatch(l -> "self".equals(l.getRel()) && l.getHref().endsWith(feedPath)));
    api.raw("GET", feedPath, null);
    api.raw("GET", feedPath, null);
    api.get("/api/v1/tasks/" + busy, null);
    api.raw("GET", feedPath, "", "Authorization", "Bearer " + newUser());
    api.raw("GET", feedPath, "", "Authorization", "Bearer " + owner);
    assertEquals(
        2,
        api.get("/api/v1/tasks/" + busy, owner).json().get("view_count").asInt(),
        "one anonymous address and one other user; the owner never counts");
    assertEquals(
        404, api.raw("GET", "/api/v1/public/tasks/" + secret + "/feed.atom", null).statusCode());

    JsonNode popular = api.get("/api/v1/public/tasks?sort=popular&limit=100", null).json();
    List<String> ids = ids(popular);
    assertTrue(ids.indexOf(busy) >= 0 && ids.indexOf(busy) < ids.indexOf(quiet), ids::toString);
    assertFalse(ids.contains(secret));
    JsonNode busyView = popular.get(ids.indexOf(busy));
    assertEquals(0, busyView.get("notifications").size());
    assertTrue(busyView.get("webhook_url").isNull());
    assertTrue(busyView.get("feed_url").isNull());
    List<String> recent = ids(api.get("/api/v1/public/tasks?limit=100", null).json());
    assertTrue(recent.indexOf(busy) < recent.indexOf(quiet), "newest first by default");
    assertEquals(
        ids(api.get("/api/v1/public/tasks?sort=recent&limit=1&offset=1", null).json()),
        recent.subList(1, 2));

    Api.Reply badSort = api.get("/api/v1/public/tasks?sort=views", null);
    assertEquals(422, badSort.status());
    assertEquals("[\"query\",\"sort\"]", badSort.json().get("detail").get(0).get("loc").toString());
    assertEquals(
        "Input should be 'recent' or 'popular'",
        badSort.json().get("detail").get(0).get("msg").asText());
    assertEquals(422, api.get("/api/v1/public/tasks?limit=0", null).status());
    assertEquals(422, api.get("/api/v1/public/tasks?offset=-1", null).status());
  }

  @Test
  void noFeedTokenReachesTheRequestLog() throws Exception {
    String owner = newUser();
    String id = task(owner, "Logged");
    String token = api.post("/api/v1/tasks/" + id + "/feed-token", owner, null).field("token");
    assertEquals(200, feed(id, token).status());
    String marker = "/api/v1/tasks/" + id + "/feed.atom?token=";
    String log = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!log.contains(marker) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      log = Files.exists(REQUEST_LOG) ? Files.readString(REQUEST_LOG) : "";
    }
    assertTrue(log.contains(marker + "***"), log);
    assertFalse(log.contains(token.substring(3)), "the token reached the request log");
  }

  private Api.Reply feed(String id, String token) {
    return api.get("/api/v1/tasks/" + id + "/feed.atom?token=" + token, null);
  }

  private String task(String owner, String name) {
    return createTask(
            owner, "{\"name\":\"" + name + "\",\"search_query\":\"q\",\"state\":\"paused\"}")
        .get("id")
        .asText();
  }

  private void makePublic(String owner, String id) {
    assertEquals(
        200,
        api.patch("/api/v1/tasks/" + id + "/visibility", owner, "{\"is_public\":true}").status());
  }

  /** A finished check that notified, as the worker records one. */
  private UUID finding(String taskId, String notification, Instant at) {
    UUID id = UUID.randomUUID();
    app.jdbi()
        .useHandle(h ->
            h.createUpdate(
                    "INSERT INTO executions (id, task_id, status, trigger, started_at, completed_at, "
                        + "result, notification, grounding_sources, created_at) VALUES (:id, :task, "
                        + "'success', 'scheduled', :at, :at, CAST(:result AS jsonb), :notification, "
                        + "CAST(:sources AS jsonb), :at)")
                .bind("id", id)
                .bind("task", UUID.fromString(taskId))
                .bind("at", at)
                .bind(
                    "result",
                    "{\"condition_met\":true,\"answer\":\"The answer: 9 May & not before.\"}")
                .bind("notification", notification)
                .bind(
                    "sources",
                    "[{\"url\":\"https://example.com/news?a=1&b=2\",\"title\":\"Example <News>\"}]")
                .execute());
    return id;
  }

  private void checkWithoutNews(String taskId, Instant at) {
    app.jdbi()
        .useHandle(h ->
            h.execute(
                "INSERT INTO executions (id, task_id, status, trigger, started_at, completed_at, "
                    + "created_at) VALUES (?, ?, 'success', 'scheduled', ?, ?, ?)",
                UUID.randomUUID(),
                UUID.fromString(taskId),
                at,
                at,
                at));
  }

  private static Feed atom(String xml) {
    try {
      WireFeedInput input = new WireFeedInput();
      return (Feed) input.build(new StringReader(xml));
    } catch (Exception e) {
      throw new AssertionError("not a valid Atom feed: " + e + "\n" + xml, e);
    }
  }

  private static List<String> ids(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false).map(t -> t.get("id").asText()).toList();
  }

  private static String pathOf(String url) {
    URI uri = URI.create(url);
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }

  private static Path requestLogFile() {
    try {
      return Files.createTempFile("torale-requests", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
