package ai.torale.search;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider call that did not give a usable answer. The message is one readable sentence for the
 * user; {@link #rawDetail()} keeps what the provider said (truncated, never served through the
 * API).
 */
public class ProviderException extends RuntimeException {
  private static final int MAX_RAW = 2_000;

  private final ProviderFailure failure;
  private final String rawDetail;
  private final Duration retryAfter;

  public ProviderException(
      ProviderFailure failure, String message, String rawDetail, Duration retryAfter) {
    super(message);
    this.failure = failure;
    this.rawDetail = truncate(rawDetail);
    this.retryAfter = retryAfter;
  }

  public ProviderException(ProviderFailure failure, String message) {
    this(failure, message, null, null);
  }

  public ProviderFailure failure() {
    return failure;
  }

  public String rawDetail() {
    return rawDetail;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  private static String truncate(String s) {
    if (s == null || s.length() <= MAX_RAW) {
      return s;
    }
    return s.substring(0, MAX_RAW) + "…";
  }
}
