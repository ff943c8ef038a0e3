package ai.torale.app;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.EnvironmentCommand;
import io.dropwizard.core.setup.Environment;
import java.util.concurrent.CountDownLatch;
import net.sourceforge.argparse4j.inf.Namespace;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * {@code java -jar torale.jar worker config.yml}: only the Temporal worker (and the reconciler), no
 * HTTP API. Any number of these can run beside the API servers for scale-out.
 */
final class WorkerCommand extends EnvironmentCommand<ToraleConfiguration> {
  WorkerCommand(Application<ToraleConfiguration> application) {
    super(application, "worker", "Run only the Temporal worker that checks tasks");
  }

  @Override
  protected void run(Environment environment, Namespace namespace, ToraleConfiguration config)
      throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    var managed = environment.lifecycle().getManagedObjects();
    for (LifeCycle lifeCycle : managed) {
      lifeCycle.start();
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (int i = managed.size() - 1; i >= 0; i--) {
                    try {
                      managed.get(i).stop();
                    } catch (Exception e) {
                      // keep stopping the others
                    }
                  }
                  stopped.countDown();
                },
                "torale-worker-shutdown"));
    stopped.await();
  }
}
