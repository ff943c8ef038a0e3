package ai.torale.feeds;

import ai.torale.auth.User;
import ai.torale.errors.Fields;
import ai.torale.errors.Page;
import ai.torale.tasks.PublicSort;
import ai.torale.tasks.TaskService;
import ai.torale.tasks.TaskView;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;

/** Every user's public tasks, and each one's Atom feed, for anyone, with or without a key. */
@Path("/api/v1/public/tasks")
public final class PublicTaskResource {
  private final TaskService tasks;
  private final Feeds feeds;
  private final String uiBase;

  /** {@code uiBase}: {@code TORALE_PUBLIC_URL}, or null. */
  public PublicTaskResource(TaskService tasks, Feeds feeds, String uiBase) {
    this.tasks = tasks;
    this.feeds = feeds;
    this.uiBase = uiBase;
  }

  @Timed
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<TaskView> list(
      @QueryParam("sort") String sort,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    Fields query = Fields.none("query");
    PublicSort order = query.oneOf("sort", sort, PublicSort.WORDS, PublicSort::parse);
    query.check();
    return tasks.listPublic(order == null ? PublicSort.RECENT : order, Page.of(limit, offset));
  }

  @Timed
  @GET
  @Path("/{task_id}/feed.atom")
  @Produces(FeedResource.ATOM)
  public Response feed(
      @Auth Optional<User> user,
      @PathParam("task_id") String taskId,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
      @Context UriInfo uri,
      @Context HttpServletRequest request) {
    Feed feed =
        feeds.publicFeed(
            user,
            Fields.uuid("task_id", taskId),
            request.getRemoteAddr(),
            new Links(uri.getBaseUri(), uiBase));
    return FeedResource.atom(feed, ifNoneMatch, false);
  }
}
