package ai.torale.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static checks of the container deployment (docker-compose.yml, Dockerfile, .env.example) against
 * config.yml, since CI has no Docker engine to run them. The service reads its environment through
 * {@code ${NAME}} / {@code ${NAME:-default}} in config.yml, plus the few names in {@link
 * #READ_BY_CODE}.
 */
class ComposeFileTest {

  /** Environment names the code reads directly rather than through config.yml. */
  private static final Set<String> READ_BY_CODE = Set.of("GEMINI_API_KEY", "OPENAI_API_KEY");

  private static final Pattern CONFIG_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:-[^}]*)?\\}");

  private static final List<String> SERVICES =
      List.of(
          "postgres",
          "temporal-schema",
          "temporal",
          "temporal-admin-tools",
          "temporal-ui",
          "torale");

  /** Where temporalio/admin-tools keeps the PostgreSQL schema scripts of its release. */
  private static final String SCHEMA_DIR = "/etc/temporal/schema/postgresql/v12";

  /**
   * The workflow's custom search attributes and their types (docs/operations.md, the Temporal UI).
   */
  private static final Map<String, String> SEARCH_ATTRIBUTES = new LinkedHashMap<>();

  static {
    SEARCH_ATTRIBUTES.put("ToraleTaskId", "Keyword");
    SEARCH_ATTRIBUTES.put("ToraleUserId", "Keyword");
    SEARCH_ATTRIBUTES.put("ToraleState", "Keyword");
    SEARCH_ATTRIBUTES.put("ToraleNextRun", "Datetime");
    SEARCH_ATTRIBUTES.put("ToraleLastOutcome", "Keyword");
  }

  /** The keys a user sets for the compose stack; .env.example must list each of them. */
  private static final List<String> USER_KEYS =
      List.of(
          "GEMINI_API_KEY",
          "TORALE_SEARCH_PROVIDER",
          "OPENAI_API_KEY",
          "TORALE_OPENAI_BASE_URL",
          "TORALE_SEARXNG_URL",
          "TORALE_SMTP_HOST",
          "TORALE_SMTP_PORT",
          "TORALE_SMTP_USERNAME",
          "TORALE_SMTP_PASSWORD",
          "TORALE_SMTP_FROM",
          "TORALE_SMTP_TLS",
          "TORALE_ADMIN_API_KEY",
          "TORALE_PUBLIC_URL");

  private static Path root;
  private static JsonNode compose;
  private static JsonNode services;
  private static String config;
  private static List<Instruction> dockerfile;

  @BeforeAll
  static void load() throws IOException {
    root = repositoryRoot();
    compose = new ObjectMapper(new YAMLFactory()).readTree(read("docker-compose.yml"));
    services = compose.path("services");
    config = read("config.yml");
    dockerfile = Instruction.parse(read("Dockerfile"));
  }

  @Test
  void composeDefinesTheServices() {
    for (String name : SERVICES) {
      assertTrue(services.has(name), "docker-compose.yml has no service '" + name + "'");
    }
  }

  @Test
  void everyImageHasAPinnedTag() {
    services
        .fields()
        .forEachRemaining(service -> {
          JsonNode image = service.getValue().get("image");
          if (image != null) {
            assertPinned(image.asText(), "service '" + service.getKey() + "'");
          }
        });
    Set<String> stages = new LinkedHashSet<>();
    for (Instruction from : instructions("FROM")) {
      String[] words = from.args().split("\\s+");
      String image = words[0];
      if (!stages.contains(image)) {
        assertPinned(image, "Dockerfile FROM");
      }
      if (words.length == 3 && words[1].equalsIgnoreCase("AS")) {
        stages.add(words[2]);
      }
    }
  }

  @Test
  void dockerfileJavaRunsWhatTheBuildTargets() throws IOException {
    Matcher release =
        Pattern.compile("<maven.compiler.release>(\\d+)</maven.compiler.release>")
            .matcher(read("pom.xml"));
    assertTrue(release.find(), "pom.xml sets no maven.compiler.release");
    int target = Integer.parseInt(release.group(1));
    for (Instruction from : instructions("FROM")) {
      Matcher temurin = Pattern.compile("eclipse-temurin:(\\d+)-").matcher(from.args());
      assertTrue(temurin.find(), "Dockerfile FROM is not a Temurin image: " + from.args());
      assertTrue(
          Integer.parseInt(temurin.group(1)) >= target,
          "Dockerfile FROM " + from.args() + " is older than the build's --release " + target);
    }
  }

  @Test
  void toraleIsBuiltFromTheRepositoryDockerfile() {
    JsonNode build = service("torale").get("build");
    assertNotNull(build, "service 'torale' has no build");
    String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
    String dockerfileName =
        build.isTextual() ? "Dockerfile" : build.path("dockerfile").asText("Dockerfile");
    Path file = root.resolve(context).resolve(dockerfileName).normalize();
    assertTrue(Files.isRegularFile(file), "torale's build Dockerfile does not exist: " + file);
    assertEquals(
        root.resolve("Dockerfile").normalize(),
        file,
        "torale must be built by the root Dockerfile");
  }

  @Test
  void toraleGetsOnlyEnvironmentTheServiceReads() {
    Map<String, String> environment = environment(service("torale"));
    Set<String> read = namesTheServiceReads();
    for (String name : environment.keySet()) {
      if (name.startsWith("TORALE_") || name.endsWith("_API_KEY")) {
        assertTrue(
            read.contains(name),
            "torale is given " + name + ", which config.yml does not read (known: " + read + ")");
      }
    }
    assertEquals("jdbc:postgresql://postgres:5432/torale", environment.get("TORALE_DATABASE_URL"));
    assertEquals("temporal:7233", environment.get("TORALE_TEMPORAL_ADDRESS"));
    assertEquals("default", environment.get("TORALE_TEMPORAL_NAMESPACE"));
    assertTrue(
        environment.containsKey("TORALE_DATABASE_USER"), "torale needs TORALE_DATABASE_USER");
    assertTrue(
        environment.containsKey("TORALE_DATABASE_PASSWORD"),
        "torale needs TORALE_DATABASE_PASSWORD");
  }

  @Test
  void envExampleListsOnlyNamesTheServiceReads() throws IOException {
    Set<String> listed = new LinkedHashSet<>();
    // Active lines and commented-out examples ("#NAME=value") both count.
    Matcher line =
        Pattern.compile("(?m)^[ \\t]*#?[ \\t]*([A-Z][A-Z0-9_]*)=").matcher(read(".env.example"));
    while (line.find()) {
      listed.add(line.group(1));
    }
    Set<String> read = namesTheServiceReads();
    for (String name : listed) {
      assertTrue(
          read.contains(name), ".env.example lists " + name + ", which the service does not read");
    }
    for (String key : USER_KEYS) {
      assertTrue(listed.contains(key), ".env.example does not list " + key);
    }
  }

  @Test
  void toralePortsAndHealthcheckMatchConfigDefaults() {
    int api = configDefault("TORALE_PORT");
    int admin = configDefault("TORALE_ADMIN_PORT");
    JsonNode torale = service("torale");

    Set<Integer> containerPorts = new TreeSet<>();
    for (JsonNode port : torale.path("ports")) {
      containerPorts.add(containerPort(port));
    }
    assertEquals(
        new TreeSet<>(List.of(api, admin)), containerPorts, "torale's published container ports");

    String healthcheck = text(torale.path("healthcheck").path("test"));
    assertTrue(
        healthcheck.contains("http://localhost:" + admin + "/healthcheck"),
        "torale's healthcheck must call the admin port's /healthcheck: " + healthcheck);

    Set<String> exposed = new TreeSet<>();
    instructions("EXPOSE").forEach(expose -> exposed.addAll(List.of(expose.args().split("\\s+"))));
    assertEquals(
        new TreeSet<>(List.of(String.valueOf(api), String.valueOf(admin))),
        exposed,
        "Dockerfile EXPOSE");
    List<Instruction> checks = instructions("HEALTHCHECK");
    assertEquals(1, checks.size(), "Dockerfile needs one HEALTHCHECK");
    Pattern adminHealthcheck =
        Pattern.compile(
            "localhost:(" + admin + "|\\$\\{TORALE_ADMIN_PORT:-" + admin + "\\})/healthcheck");
    assertTrue(
        adminHealthcheck.matcher(checks.get(0).args()).find(),
        "Dockerfile HEALTHCHECK must call the admin port's /healthcheck: " + checks.get(0).args());
  }

  @Test
  void adminPortListensOnLoopbackAndComposePublishesItOnTheHostsLoopbackOnly() {
    assertTrue(
        config.contains("bindHost: ${TORALE_ADMIN_HOST:-127.0.0.1}"),
        "config.yml's admin connector must default to bindHost 127.0.0.1 through TORALE_ADMIN_HOST");
    // Inside the container loopback is unreachable for the port mapping, so compose opens the
    // interface...
    assertEquals("0.0.0.0", environment(service("torale")).get("TORALE_ADMIN_HOST"));
    // ...and the mapping keeps it on the host's loopback.
    int admin = configDefault("TORALE_ADMIN_PORT");
    List<String> published = new ArrayList<>();
    for (JsonNode port : service("torale").path("ports")) {
      if (containerPort(port) == admin) {
        published.add(
            port.isObject()
                ? port.path("host_ip").asText()
                    + ":"
                    + port.path("published").asText()
                    + ":"
                    + admin
                : port.asText());
      }
    }
    assertEquals(
        List.of("127.0.0.1:" + admin + ":" + admin), published, "torale's admin port mapping");
  }

  @Test
  void dockerfileBuildsTheJarWithTheWrapperAndRunsItUnprivileged() {
    List<List<Instruction>> stages = new ArrayList<>();
    for (Instruction instruction : dockerfile) {
      if (instruction.is("FROM")) {
        stages.add(new ArrayList<>());
      } else if (stages.isEmpty()) {
        assertTrue(
            instruction.is("ARG"), "only ARG may come before the first FROM: " + instruction);
        continue;
      }
      stages.get(stages.size() - 1).add(instruction);
    }
    assertTrue(stages.size() >= 2, "Dockerfile must be multi-stage");

    List<Instruction> build = stages.get(0);
    String buildStage = build.get(0).args().replaceFirst("(?i)^\\S+\\s+AS\\s+", "").trim();
    assertTrue(
        build.stream()
            .anyMatch(i ->
                i.is("RUN")
                    && i.args().contains("./mvnw")
                    && i.args().contains(" package")
                    && i.args().contains("-DskipTests")),
        "the build stage must run ./mvnw -B -q -DskipTests package");

    List<Instruction> runtime = stages.get(stages.size() - 1);
    assertTrue(
        runtime.stream()
            .anyMatch(i ->
                i.is("COPY")
                    && i.args().contains("--from=" + buildStage)
                    && i.args().contains("service/target/torale.jar")),
        "the runtime stage must copy service/target/torale.jar from stage '" + buildStage + "'");
    assertTrue(
        runtime.stream().anyMatch(i -> i.is("COPY") && i.args().contains("config.yml")),
        "the runtime stage must copy config.yml");
    List<Instruction> users = runtime.stream().filter(i -> i.is("USER")).toList();
    assertFalse(users.isEmpty(), "the runtime stage must set a USER");
    String user = users.get(users.size() - 1).args().split(":")[0];
    assertFalse(user.equals("root") || user.equals("0"), "the runtime stage must not run as root");
    assertEquals(
        "[\"java\",\"-jar\",\"/app/torale.jar\"]", last(runtime, "ENTRYPOINT").replace(" ", ""));
    assertEquals("[\"server\",\"/app/config.yml\"]", last(runtime, "CMD").replace(" ", ""));
  }

  @Test
  void temporalRegistersTheFiveSearchAttributes() {
    Map<String, String> registered = new LinkedHashMap<>();
    List<String> registrars = new ArrayList<>();
    Pattern option = Pattern.compile("--name\\s+(\\w+)\\s+--type\\s+(\\w+)");
    services
        .fields()
        .forEachRemaining(service -> {
          String script =
              text(service.getValue().path("entrypoint"))
                  + " "
                  + text(service.getValue().path("command"));
          if (script.contains("search-attribute create")) {
            registrars.add(service.getKey());
            Matcher m = option.matcher(script);
            while (m.find()) {
              registered.put(m.group(1), m.group(2));
            }
          }
        });
    assertFalse(
        registrars.isEmpty(), "no service runs 'temporal operator search-attribute create'");
    assertEquals(SEARCH_ATTRIBUTES, registered, "registered search attributes (name -> type)");
    for (String registrar : registrars) {
      assertEquals(
          "service_healthy",
          condition(service(registrar), "temporal"),
          registrar + " must wait for a healthy temporal");
      assertEquals(
          "service_completed_successfully",
          condition(service("torale"), registrar),
          "torale must start after " + registrar + " has registered the search attributes");
    }
  }

  @Test
  void servicesStartInOrder() {
    assertEquals("service_healthy", condition(service("torale"), "postgres"));
    assertEquals("service_healthy", condition(service("torale"), "temporal"));
    assertEquals("service_healthy", condition(service("temporal-schema"), "postgres"));
    assertEquals("service_healthy", condition(service("temporal"), "postgres"));
    assertEquals(
        "service_completed_successfully",
        condition(service("temporal"), "temporal-schema"),
        "temporal must start only once its schema is in place");
    assertEquals("service_healthy", condition(service("temporal-ui"), "temporal"));
    assertTrue(service("postgres").has("healthcheck"), "postgres needs a healthcheck");
    assertTrue(service("temporal").has("healthcheck"), "temporal needs a healthcheck");
  }

  @Test
  void temporalRunsOnThePostgresServer() {
    Map<String, String> temporal = environment(service("temporal"));
    assertTrue(service("temporal").path("image").asText().startsWith("temporalio/server:"));
    assertEquals("postgres12", temporal.get("DB"));
    assertEquals("postgres", temporal.get("POSTGRES_SEEDS"));
    assertEquals("temporal", temporal.get("DBNAME"));
    assertEquals("temporal_visibility", temporal.get("VISIBILITY_DBNAME"));
    // The server's config template binds to 127.0.0.1 unless told otherwise.
    assertEquals("0.0.0.0", temporal.get("BIND_ON_IP"));
    assertTrue(service("postgres").path("image").asText().startsWith("postgres:"));

    JsonNode ui = service("temporal-ui");
    assertTrue(ui.path("image").asText().startsWith("temporalio/ui:"));
    assertEquals("temporal:7233", environment(ui).get("TEMPORAL_ADDRESS"));
    assertEquals(1, ui.path("ports").size(), "temporal-ui publishes one port");
    JsonNode port = ui.path("ports").get(0);
    assertEquals(8080, containerPort(port));
    assertEquals(8233, hostPort(port));
  }

  @Test
  void noServiceUsesTheDeprecatedAutoSetupImage() {
    services
        .fields()
        .forEachRemaining(service ->
            assertFalse(
                service.getValue().path("image").asText().startsWith("temporalio/auto-setup"),
                "service '"
                    + service.getKey()
                    + "' uses temporalio/auto-setup, which Temporal no longer updates"));
  }

  @Test
  void temporalServerAndAdminToolsCarryTheSameVersion() {
    String version = tag(service("temporal"));
    assertTrue(version.matches("\\d+\\.\\d+\\.\\d+"), "temporal's tag: " + version);
    services
        .fields()
        .forEachRemaining(service -> {
          if (service.getValue().path("image").asText().startsWith("temporalio/admin-tools:")) {
            // admin-tools holds the schema of its own release only.
            assertEquals(
                version,
                tag(service.getValue()),
                service.getKey() + " must use the admin-tools of the server's release");
          }
        });
    assertTrue(service("temporal-ui").path("image").asText().startsWith("temporalio/ui:"));
    assertTrue(tag(service("temporal-ui")).matches("\\d+\\.\\d+\\.\\d+"), "temporal-ui's tag");
  }

  @Test
  void schemaJobSetsUpAndUpdatesBothDatabasesBeforeTheServerStarts() {
    JsonNode job = service("temporal-schema");
    assertTrue(job.path("image").asText().startsWith("temporalio/admin-tools:"));
    Map<String, String> server = environment(service("temporal"));
    String script = script(job);
    assertTrue(script.contains("set -e"), "the schema job must stop at the first failing step");

    List<String> steps = new ArrayList<>();
    Pattern database = Pattern.compile("--db\\s+(\\S+)");
    Pattern action = Pattern.compile("(setup-schema\\s+-v\\s+\\S+|update-schema\\s+-d\\s+\\S+)");
    for (String line : script.split("\\R")) {
      if (!line.strip().startsWith("temporal-sql-tool")) {
        continue;
      }
      for (String option :
          List.of(
              "--plugin " + server.get("DB"),
              "--ep " + server.get("POSTGRES_SEEDS"),
              "-p " + server.get("DB_PORT"),
              "-u " + server.get("POSTGRES_USER"))) {
        assertTrue(line.contains(option), "schema step without '" + option + "': " + line);
      }
      Matcher db = database.matcher(line);
      Matcher step = action.matcher(line);
      assertTrue(db.find() && step.find(), "cannot read schema step: " + line);
      steps.add(db.group(1) + " " + step.group(1).replaceAll("\\s+", " "));
    }
    String main = server.get("DBNAME");
    String visibility = server.get("VISIBILITY_DBNAME");
    // setup-schema -v 0.0 is a no-op on an existing schema; update-schema then brings it up to
    // this release, so the same steps create a new volume and upgrade an old one.
    assertEquals(
        List.of(
            main + " setup-schema -v 0.0",
            main + " update-schema -d " + SCHEMA_DIR + "/temporal/versioned",
            visibility + " setup-schema -v 0.0",
            visibility + " update-schema -d " + SCHEMA_DIR + "/visibility/versioned"),
        steps,
        "the schema job's temporal-sql-tool steps");
    assertEquals(
        server.get("POSTGRES_PWD"),
        environment(job).get("SQL_PASSWORD"),
        "the schema job must log in with the server's database password");
  }

  @Test
  void theNamespaceExistsBeforeTheSearchAttributesAreRegistered() {
    String script = script(service("temporal-admin-tools"));
    String namespace = environment(service("torale")).get("TORALE_TEMPORAL_NAMESPACE");
    int create = script.indexOf("temporal operator namespace create --namespace " + namespace);
    assertTrue(create >= 0, "temporal-admin-tools must create the namespace " + namespace);
    assertTrue(
        create < script.indexOf("search-attribute create"),
        "the namespace must be created before its search attributes");
  }

  @Test
  void everyBindMountedFileIsInTheRepository() {
    services
        .fields()
        .forEachRemaining(service -> {
          for (JsonNode volume : service.getValue().path("volumes")) {
            String source =
                volume.isObject() ? volume.path("source").asText() : volume.asText().split(":")[0];
            if (source.startsWith("./")) {
              assertTrue(
                  Files.exists(root.resolve(source)),
                  "service '" + service.getKey() + "' mounts " + source + ", which is missing");
            }
          }
        });
    assertTrue(
        text(service("temporal").path("volumes")).contains(":" + dynamicConfigPath() + ":"),
        "temporal needs its dynamic config file mounted at " + dynamicConfigPath());
  }

  // ---- helpers ----

  /** The server does not start without this file, and its image has none. */
  private static String dynamicConfigPath() {
    String path = environment(service("temporal")).get("DYNAMIC_CONFIG_FILE_PATH");
    assertNotNull(path, "temporal needs DYNAMIC_CONFIG_FILE_PATH");
    return path;
  }

  /** The tag of a service's image. */
  private static String tag(JsonNode service) {
    String image = service.path("image").asText();
    int colon = image.lastIndexOf(':');
    assertTrue(colon > 0, "image '" + image + "' has no tag");
    return image.substring(colon + 1);
  }

  /**
   * A service's entrypoint and command as the shell runs them: compose's {@code $$} unescaped and
   * the script's own {@code name=value} variables expanded, so its steps can be read.
   */
  private static String script(JsonNode service) {
    String raw = (text(service.path("entrypoint")) + "\n" + text(service.path("command")));
    Map<String, String> variables = new LinkedHashMap<>();
    Pattern assignment = Pattern.compile("^\\s*(\\w+)=(\"?)([^\"]*)\\2\\s*$");
    StringBuilder expanded = new StringBuilder();
    for (String line : raw.replace("$$", "$").split("\\R")) {
      for (Map.Entry<String, String> variable : variables.entrySet()) {
        line =
            line.replaceAll(
                "\\$\\{?" + variable.getKey() + "\\b\\}?",
                Matcher.quoteReplacement(variable.getValue()));
      }
      Matcher m = assignment.matcher(line);
      if (m.matches()) {
        variables.put(m.group(1), m.group(3));
      }
      expanded.append(line).append('\n');
    }
    return expanded.toString();
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "repository root (with mvnw) not found above " + Path.of("").toAbsolutePath());
  }

  private static String read(String file) throws IOException {
    Path path = root.resolve(file);
    assertTrue(Files.isRegularFile(path), file + " is missing at the repository root");
    return Files.readString(path);
  }

  private static Set<String> namesTheServiceReads() {
    Set<String> names = new TreeSet<>(READ_BY_CODE);
    Matcher m = CONFIG_VARIABLE.matcher(config);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static int configDefault(String name) {
    Matcher m = Pattern.compile("\\$\\{" + name + ":-(\\d+)\\}").matcher(config);
    assertTrue(m.find(), "config.yml has no ${" + name + ":-<port>}");
    return Integer.parseInt(m.group(1));
  }

  private static JsonNode service(String name) {
    JsonNode service = services.get(name);
    assertNotNull(service, "docker-compose.yml has no service '" + name + "'");
    return service;
  }

  private static void assertPinned(String image, String where) {
    Matcher m =
        Pattern.compile("^([^@\\s]+?)(?::([\\w][\\w.-]*))?(@sha256:[0-9a-f]{64})?$").matcher(image);
    if (!m.matches()) {
      fail(where + ": cannot read image reference '" + image + "'");
    }
    String tag = m.group(2);
    boolean digest = m.group(3) != null;
    assertTrue(digest || tag != null, where + ": image '" + image + "' has no tag");
    assertFalse(
        tag != null && tag.equals("latest") && !digest,
        where + ": image '" + image + "' uses latest");
    assertFalse(image.contains("${"), where + ": image '" + image + "' is not pinned in the file");
  }

  /**
   * Compose environment, in map or list form; a bare name (passed through from the host) maps to
   * "".
   */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = service.path("environment");
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    } else {
      for (JsonNode item : node) {
        String[] pair = item.asText().split("=", 2);
        env.put(pair[0], pair.length > 1 ? pair[1] : "");
      }
    }
    return env;
  }

  private static String condition(JsonNode service, String dependency) {
    JsonNode dependsOn = service.path("depends_on");
    assertTrue(
        dependsOn.isObject() && dependsOn.has(dependency),
        "expected depends_on " + dependency + " with a condition");
    return dependsOn.path(dependency).path("condition").asText();
  }

  /** Short syntax "[ip:][host:]container[/proto]" or long syntax {target, published}. */
  private static int containerPort(JsonNode port) {
    if (port.isObject()) {
      return port.path("target").asInt();
    }
    String[] parts = port.asText().replaceFirst("/\\w+$", "").split(":");
    return Integer.parseInt(parts[parts.length - 1]);
  }

  private static int hostPort(JsonNode port) {
    if (port.isObject()) {
      return port.path("published").asInt();
    }
    String[] parts = port.asText().replaceFirst("/\\w+$", "").split(":");
    assertTrue(parts.length >= 2, "no host port in '" + port.asText() + "'");
    return Integer.parseInt(parts[parts.length - 2]);
  }

  /** A string, or the items of a list joined by spaces. */
  private static String text(JsonNode node) {
    if (!node.isArray()) {
      return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }
    StringBuilder joined = new StringBuilder();
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      joined.append(it.next().asText()).append(it.hasNext() ? " " : "");
    }
    return joined.toString();
  }

  private static List<Instruction> instructions(String keyword) {
    return dockerfile.stream().filter(i -> i.is(keyword)).toList();
  }

  private static String last(List<Instruction> stage, String keyword) {
    List<Instruction> found = stage.stream().filter(i -> i.is(keyword)).toList();
    assertFalse(found.isEmpty(), "the runtime stage has no " + keyword);
    return found.get(found.size() - 1).args();
  }

  /** One Dockerfile instruction, continuation lines joined, comments dropped. */
  record Instruction(String keyword, String args) {

    boolean is(String name) {
      return keyword.equalsIgnoreCase(name);
    }

    static List<Instruction> parse(String text) {
      List<Instruction> result = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : text.split("\\R")) {
        String trimmed = line.strip();
        if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
          continue;
        }
        if (trimmed.endsWith("\\")) {
          current.append(trimmed, 0, trimmed.length() - 1).append(' ');
          continue;
        }
        current.append(trimmed);
        String joined = current.toString().strip();
        current.setLength(0);
        if (joined.isEmpty()) {
          continue;
        }
        String[] split = joined.split("\\s+", 2);
        result.add(
            new Instruction(split[0].toUpperCase(), split.length > 1 ? split[1].strip() : ""));
      }
      return result;
    }
  }
}
