package ai.torale.temporal;

import java.time.Duration;

/**
 * What the connection to Temporal is made from (config.yml's {@code temporal} block): its own
 * values, so this package does not reach up into the application's configuration.
 */
public record TemporalSettings(
    String address,
    String namespace,
    String embeddedBindAddress,
    int embeddedPort,
    Duration rpcTimeout,
    Duration shutdownGrace,
    WorkerCapacity worker) {}
