package ai.torale.feeds;

import ai.torale.auth.User;
import ai.torale.errors.Fields;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.UUID;

/**
 * A task's private Atom feed, read with its feed token and no API key (feed readers send none), and
 * the owner's routes to issue and withdraw that token.
 */
@Path("/api/v1/tasks")
public final class FeedResource {
  static final String ATOM = "application/atom+xml;charset=utf-8";

  private final Feeds feeds;
  private final String uiBase;

  /** {@code uiBase}: {@code TORALE_PUBLIC_URL}, or null. */
  public FeedResource(Feeds feeds, String uiBase) {
    this.feeds = feeds;
    this.uiBase = uiBase;
  }

  @Timed
  @GET
  @Path("/{task_id}/feed.atom")
  @Produces(ATOM)
  public Response feed(
      @PathParam("task_id") String taskId,
      @QueryParam("token") String token,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
      @Context UriInfo uri) {
    UUID id = Fields.uuid("task_id", taskId);
    return atom(feeds.privateFeed(id, token, links(uri)), ifNoneMatch, true);
  }

  @Timed
  @POST
  @Path("/{task_id}/feed-token")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, String> rotate(
      @Auth User user, @PathParam("task_id") String taskId, @Context UriInfo uri) {
    UUID id = Fields.uuid("task_id", taskId);
    String token = feeds.rotate(user, id);
    return Map.of("token", token, "url", links(uri).privateFeed(id, token));
  }

  @Timed
  @DELETE
  @Path("/{task_id}/feed-token")
  public Response revoke(@Auth User user, @PathParam("task_id") String taskId) {
    feeds.revoke(user, Fields.uuid("task_id", taskId));
    return Response.noContent().build();
  }

  /**
   * A feed as the answer: 200 with the document and its ETag, or 304 when the reader has it. {@code
   * secret}: the URL carries a token, so no shared cache may keep the answer, and no page opened
   * from it may be told the URL. The public list's feeds answer the same way.
   */
  static Response atom(Feed feed, String ifNoneMatch, boolean secret) {
    byte[] body = AtomWriter.write(feed);
    String tag = EntityTags.of(body);
    CacheControl cache = new CacheControl();
    // Readers may keep it, and ask again with If-None-Match each time.
    cache.setNoCache(true);
    cache.setPrivate(secret);
    Response.ResponseBuilder answer =
        EntityTags.matches(ifNoneMatch, tag) ? Response.notModified() : Response.ok(body, ATOM);
    answer.header(HttpHeaders.ETAG, tag).cacheControl(cache);
    if (secret) {
      answer.header("Referrer-Policy", "no-referrer");
    }
    return answer.build();
  }

  private Links links(UriInfo uri) {
    return new Links(uri.getBaseUri(), uiBase);
  }
}
