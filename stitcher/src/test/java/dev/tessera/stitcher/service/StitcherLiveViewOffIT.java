package dev.tessera.stitcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code tessera.stitcher.view.enabled=false}: no {@code /view} routes and no consumer, the service as before. */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@TestProfile(StitcherLiveViewOffIT.ViewOff.class)
@Tag("integration")
class StitcherLiveViewOffIT {

  /** The service with its live view switched off. */
  public static class ViewOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("tessera.stitcher.view.enabled", "false");
    }
  }

  @TestHTTPResource("/view")
  URL view;

  @TestHTTPResource("/view/state")
  URL viewState;

  @TestHTTPResource("/q/health/live")
  URL live;

  @Inject
  StitcherLiveView liveView;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesNoViewAndReadsNothingForItWhenSwitchedOff() throws Exception {
    assertThat(status(view)).isEqualTo(404);
    assertThat(status(viewState)).isEqualTo(404);
    assertThat(liveView.feed()).as("no consumer started").isNull();
    assertThat(status(live)).isEqualTo(200);
  }

  private int status(URL url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url.toString())).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
