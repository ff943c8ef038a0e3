package ai.torale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.temporal.WorkerCapacity;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker's capacity as the shipped config.yml and its environment variables set it. */
class WorkerSettingsTest {
  @Test
  void activitiesRunOnVirtualThreadsWithTheirSlotsAndPollersByDefault() throws Exception {
    WorkerOptions options = capacity(Map.of()).workerOptions();
    assertTrue(options.isUsingVirtualThreadsOnWorkflowWorker());
    assertTrue(options.isUsingVirtualThreadsOnActivityWorker());
    assertTrue(options.isUsingVirtualThreadsOnLocalActivityWorker());
    assertEquals(4000, options.getMaxConcurrentActivityExecutionSize());
    assertEquals(20, options.getMaxConcurrentActivityTaskPollers());
    WorkerFactoryOptions factory = capacity(Map.of()).factoryOptions();
    assertTrue(factory.isUsingVirtualWorkflowThreads());
    int fromHeap = WorkerCapacity.workflowCacheFor(Runtime.getRuntime().maxMemory(), true);
    assertEquals(fromHeap, factory.getWorkflowCacheSize());
    assertEquals(fromHeap, factory.getMaxWorkflowThreadCount());
  }

  @Test
  void aCacheThatIsNeitherAutoNorACountStopsTheStart() {
    for (String size : new String[] {"0", "-5", "lots", "99999999999"}) {
      ConfigurationValidationException refused =
          assertThrows(
              ConfigurationValidationException.class,
              () -> capacity(Map.of("TORALE_WORKER_WORKFLOW_CACHE", size)),
              size);
      assertTrue(
          refused.getMessage().contains("temporal.workflowCacheSize must be auto or a number"),
          refused.getMessage());
    }
  }

  @Test
  void theEnvironmentChangesThem() throws Exception {
    WorkerOptions options =
        capacity(
                Map.of(
                    "TORALE_WORKER_VIRTUAL_THREADS",
                    "false",
                    "TORALE_WORKER_MAX_ACTIVITIES",
                    "200",
                    "TORALE_WORKER_ACTIVITY_POLLERS",
                    "5"))
            .workerOptions();
    assertFalse(options.isUsingVirtualThreadsOnWorkflowWorker());
    assertFalse(options.isUsingVirtualThreadsOnActivityWorker());
    assertFalse(options.isUsingVirtualThreadsOnLocalActivityWorker());
    assertEquals(200, options.getMaxConcurrentActivityExecutionSize());
    assertEquals(5, options.getMaxConcurrentActivityTaskPollers());
    WorkerFactoryOptions factory =
        capacity(
                Map.of(
                    "TORALE_WORKER_VIRTUAL_THREADS",
                    "false",
                    "TORALE_WORKER_WORKFLOW_CACHE",
                    "600"))
            .factoryOptions();
    assertFalse(factory.isUsingVirtualWorkflowThreads());
    assertEquals(600, factory.getWorkflowCacheSize());
  }

  private static WorkerCapacity capacity(Map<String, String> environment) throws Exception {
    Path config = Path.of("..", "config.yml");
    assertTrue(Files.isRegularFile(config), "run from the service module");
    ToraleConfiguration parsed =
        new YamlConfigurationFactory<>(
                ToraleConfiguration.class,
                Validators.newValidator(),
                Jackson.newObjectMapper(),
                "dw")
            .build(
                new SubstitutingSourceProvider(
                    new FileConfigurationSourceProvider(), new ConfigVariables(environment::get)),
                config.toString());
    return parsed.getTemporal().settings().worker();
  }
}
