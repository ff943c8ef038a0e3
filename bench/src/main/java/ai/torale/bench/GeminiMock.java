package ai.torale.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gemini {@code generateContent} endpoint on 127.0.0.1 with zero think time
 * (docs/performance.md). A request with the google_search tool (either spelling) gets a grounded
 * answer with groundingMetadata; one with {@code responseMimeType: application/json} gets the
 * evaluation JSON object; one with both (Gemini 3 style) gets the JSON with grounding.
 * usageMetadata counts tokens as characters / 4, rounded up. Every request is kept (path, kind,
 * body, characters) so scenarios can read what the service sent.
 *
 * <p>With {@link #latency} set, each answer is sent that long after the request was read, as a real
 * grounded search takes seconds. The wait holds no thread: the reply is scheduled, and a virtual
 * thread writes it when it is due, so the mock answers any number of requests at once and is never
 * the bottleneck (it counts the most it held open and how late its replies went out).
 */
final class GeminiMock implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The header Gemini takes its key in. */
  static final String API_KEY = "x-goog-api-key";

  /** One request as the mock saw it. */
  record Call(
      String path,
      String kind,
      String body,
      int promptChars,
      int completionChars,
      long promptTokens,
      long completionTokens,
      String apiKey) {}

  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newFixedThreadPool(16, Thread.ofPlatform().name("gemini-mock").daemon().factory());
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean keepCalls = true;
  private volatile String metMarker;
  private volatile int metEvery = 1;
  private final AtomicLong marked = new AtomicLong();
  private final ScheduledExecutorService delays =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("gemini-mock-delays").daemon().factory());
  private volatile Latency latency = Latency.NONE;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger mostOpen = new AtomicInteger();
  private final ConcurrentLinkedQueue<Long> lateMillis = new ConcurrentLinkedQueue<>();
  // The bench's tasks are numbered in their query; both a check's prompts quote it.
  private static final Pattern TASK_NUMBER =
      Pattern.compile(Pattern.quote(DueRound.QUERY) + "(\\d+)\\)");
  // Think time drawn for each bench task's check, by task number: [search, evaluation] ms.
  private final ConcurrentHashMap<String, long[]> thinkByTask = new ConcurrentHashMap<>();

  /**
   * How long the mock thinks before it answers: a grounded search (or a combined request) {@code
   * search} ± {@code searchSpread} ms, an evaluation {@code evaluate} ± {@code evaluateSpread} ms,
   * uniformly.
   */
  record Latency(long search, long searchSpread, long evaluate, long evaluateSpread) {
    static final Latency NONE = new Latency(0, 0, 0, 0);

    long millisFor(String kind) {
      return "evaluate".equals(kind)
          ? around(evaluate, evaluateSpread)
          : around(search, searchSpread);
    }

    private static long around(long mean, long spread) {
      return mean <= 0 ? 0 : mean - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1);
    }
  }

  static {
    // The JDK server closes every connection that finishes above 200 idle ones, so a client holding
    // a thousand calls open would reconnect for nearly every one; a provider keeps them alive.
    System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
  }

  GeminiMock() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Call> calls() {
    return new ArrayList<>(calls);
  }

  void clear() {
    calls.clear();
  }

  /** Answers from now on after the given think time; {@link Latency#NONE}: at once. */
  void latency(Latency latency) {
    this.latency = latency;
  }

  /**
   * Forgets the most requests held open at once and the replies' lateness, so a phase reads its
   * own.
   */
  void resetCounts() {
    mostOpen.set(open.get());
    lateMillis.clear();
    thinkByTask.clear();
  }

  /**
   * The longest think time the mock drew for one check since {@link #resetCounts()}: its search's
   * and its evaluation's together, in ms. No worker, however fast, records that check sooner after
   * its due instant.
   */
  long slowestCheckThinkMillis() {
    return thinkByTask.values().stream().mapToLong(t -> t[0] + t[1]).max().orElse(0);
  }

  /**
   * When each check's search reached the mock since {@link #resetCounts()} (epoch ms, sorted): how
   * soon after the due instant the worker had every provider thinking.
   */
  List<Long> searchArrivals() {
    return thinkByTask.values().stream()
        .mapToLong(t -> t[2])
        .filter(t -> t > 0)
        .sorted()
        .boxed()
        .toList();
  }

  /**
   * The latest instant (epoch ms) at which a check could have been recorded since {@link
   * #resetCounts()}, had the worker done nothing but wait: its search's arrival plus the think
   * times of its search and evaluation. Past it, the round's time is the worker's own.
   */
  long thinkBoundMillis() {
    return thinkByTask.values().stream()
        .filter(t -> t[2] > 0)
        .mapToLong(t -> t[2] + t[0] + t[1])
        .max()
        .orElse(0);
  }

  /** The most requests the mock held open at once since {@link #resetCounts()}. */
  int mostOpen() {
    return mostOpen.get();
  }

  /**
   * How much later than their think time the delayed replies went out since {@link #resetCounts()},
   * in ms.
   */
  List<Long> lateMillis() {
    return new ArrayList<>(lateMillis);
  }

  /**
   * Whether requests are kept for {@link #calls()}; a long run that reads none keeps none, so the
   * mock's own memory does not grow with the checks.
   */
  void keepCalls(boolean keep) {
    keepCalls = keep;
  }

  /**
   * One in {@code every} evaluations whose prompt holds {@code marker} finds the condition met,
   * with a notification and an answer never given before (so that check notifies); null: never met.
   */
  void conditionMetFor(String marker, int every) {
    metMarker = marker;
    metEvery = Math.max(1, every);
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    boolean scheduled = false;
    try {
      scheduled = answer(exchange, arrived);
    } finally {
      if (!scheduled) {
        open.decrementAndGet();
        exchange.close();
      }
    }
  }

  /**
   * Reads the request and answers it, at once or (with a latency) later; false if it is answered
   * now, true if the answer is scheduled.
   */
  private boolean answer(HttpExchange exchange, long arrived) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    if (!"POST".equals(exchange.getRequestMethod())
        || !path.matches("/v1(beta)?/models/[^/]+:generateContent")) {
      reply(
          exchange,
          404,
          "{\"error\":{\"code\":404,\"message\":\"Not found: "
              + path
              + "\",\"status\":\"NOT_FOUND\"}}");
      return false;
    }
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (IOException e) {
      reply(
          exchange,
          400,
          "{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload\",\"status\":\"INVALID_ARGUMENT\"}}");
      return false;
    }
    boolean search = false;
    for (JsonNode tool : request.path("tools")) {
      search |= tool.has("google_search") || tool.has("googleSearch");
    }
    JsonNode config =
        request.has("generationConfig")
            ? request.path("generationConfig")
            : request.path("generation_config");
    String mime =
        config.has("responseMimeType")
            ? config.path("responseMimeType").asText()
            : config.path("response_mime_type").asText();
    boolean json = "application/json".equals(mime);
    String kind = search && json ? "combined" : json ? "evaluate" : "search";
    String marker = metMarker;
    boolean met =
        json && marker != null && body.contains(marker) && marked.incrementAndGet() % metEvery == 0;
    long id = ids.incrementAndGet();
    String text = json ? evaluation(met ? id : -1) : groundedText(request);
    int promptChars = promptChars(request);
    long promptTokens = (promptChars + 3) / 4;
    long completionTokens = (text.length() + 3) / 4;
    ObjectNode response = JSON.createObjectNode();
    ObjectNode candidate = response.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    content.put("role", "model");
    content.putArray("parts").addObject().put("text", text);
    candidate.put("finishReason", "STOP");
    candidate.put("index", 0);
    if (search) {
      grounding(candidate.putObject("groundingMetadata"), text);
    }
    ObjectNode usage = response.putObject("usageMetadata");
    usage.put("promptTokenCount", promptTokens);
    usage.put("candidatesTokenCount", completionTokens);
    if (search) {
      usage.put("toolUsePromptTokenCount", 400);
    }
    usage.put("totalTokenCount", promptTokens + completionTokens + (search ? 400 : 0));
    usage
        .putArray("promptTokensDetails")
        .addObject()
        .put("modality", "TEXT")
        .put("tokenCount", promptTokens);
    response.put("modelVersion", "bench-model");
    response.put("responseId", "bench-" + id);
    if (keepCalls) {
      calls.add(
          new Call(
              path,
              kind,
              body,
              promptChars,
              text.length(),
              promptTokens,
              completionTokens,
              exchange.getRequestHeaders().getFirst(API_KEY)));
    }
    String answer = JSON.writeValueAsString(response);
    long think = latency.millisFor(kind);
    countThink(body, kind, think);
    if (think <= 0) {
      reply(exchange, 200, answer);
      return false;
    }
    long due = arrived + TimeUnit.MILLISECONDS.toNanos(think);
    delays.schedule(
        () -> Thread.startVirtualThread(() -> replyLater(exchange, answer, due)),
        due - System.nanoTime(),
        TimeUnit.NANOSECONDS);
    return true;
  }

  private void countThink(String body, String kind, long think) {
    Matcher task = TASK_NUMBER.matcher(body);
    if (think > 0 && task.find()) {
      long[] drawn = thinkByTask.computeIfAbsent(task.group(1), k -> new long[3]);
      if ("evaluate".equals(kind)) {
        drawn[1] = think;
      } else {
        drawn[0] = think;
        drawn[2] = System.currentTimeMillis();
      }
    }
  }

  private void replyLater(HttpExchange exchange, String answer, long due) {
    lateMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - due));
    try (exchange) {
      reply(exchange, 200, answer);
    } catch (IOException e) {
      // The client gave up waiting; its own timeout tells it so.
    } finally {
      open.decrementAndGet();
    }
  }

  private static void grounding(ObjectNode metadata, String text) {
    metadata.putArray("webSearchQueries").add("bench product release status");
    metadata
        .putObject("searchEntryPoint")
        .put("renderedContent", "<div class=\"container\">bench</div>");
    ArrayNode chunks = metadata.putArray("groundingChunks");
    chunks
        .addObject()
        .putObject("web")
        .put("uri", "https://vertexaisearch.cloud.google.com/grounding-api-redirect/bench-a")
        .put("title", "example.org");
    chunks
        .addObject()
        .putObject("web")
        .put("uri", "https://vertexaisearch.cloud.google.com/grounding-api-redirect/bench-b")
        .put("title", "news.example.com");
    ObjectNode support = metadata.putArray("groundingSupports").addObject();
    support
        .putObject("segment")
        .put("startIndex", 0)
        .put("endIndex", Math.min(40, text.length()))
        .put("text", text.substring(0, Math.min(40, text.length())));
    support.putArray("groundingChunkIndices").add(0).add(1);
    support.putArray("confidenceScores").add(0.95).add(0.81);
    metadata.putObject("retrievalMetadata");
  }

  private static String groundedText(JsonNode request) {
    return "As of "
        + Instant.now().truncatedTo(ChronoUnit.DAYS)
        + " there is no announcement matching the query. "
        + "The vendor's release notes list version 2.0 as the latest release, published last quarter, and the "
        + "public roadmap mentions the next version without a date. News coverage repeats the same information.";
  }

  /** The judge's verdict: not met, or (for {@code report} >= 0) met, as report number so-and-so. */
  private static String evaluation(long report) {
    ObjectNode verdict = JSON.createObjectNode();
    if (report < 0) {
      verdict.put("condition_met", false);
      verdict.put(
          "answer",
          "No: the latest release is still version 2.0; nothing newer has been announced.");
      verdict.putNull("notification");
    } else {
      verdict.put("condition_met", true);
      verdict.put("answer", "Yes: version 3.0 is out (report " + report + ").");
      verdict.put("notification", "Version 3.0 is out (report " + report + ").");
    }
    verdict.put("evidence", "Release notes list 2.0 as the latest version (example.org).");
    verdict.put("confidence", 80);
    verdict.put(
        "next_run",
        Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
    verdict.put("topic", "Bench topic");
    try {
      return JSON.writeValueAsString(verdict);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Characters of every text part the model is given: system instruction and contents. */
  static int promptChars(JsonNode request) {
    int chars = 0;
    for (String field : List.of("systemInstruction", "system_instruction")) {
      for (JsonNode part : request.path(field).path("parts")) {
        chars += part.path("text").asText("").length();
      }
    }
    for (JsonNode content : request.path("contents")) {
      for (JsonNode part : content.path("parts")) {
        chars += part.path("text").asText("").length();
      }
    }
    return chars;
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    delays.shutdownNow();
    threads.shutdownNow();
  }
}
