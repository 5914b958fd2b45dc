package dev.tessera.cli.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a Tessera service is started as its own JVM from its packaged Quarkus jar, configured by
 * system properties as an operator would, and how its readiness is read. Shared by {@code tessera
 * up} and the chaos tests, so both start the services the same way.
 */
public final class ServiceLaunch {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ServiceLaunch() {}

  /** The packaged jar of {@code module} under the repository root {@code home}. */
  public static Path jarOf(Path home, String module) {
    return home.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
  }

  /** The {@code java} of this JVM. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The command line of a service.
   *
   * @param jvmOptions options before the properties, e.g. {@code -Xmx1g}
   * @param properties {@code tessera.*} and {@code quarkus.*} keys, given as {@code -Dkey=value}
   */
  public static List<String> command(Path jar, int httpPort, List<String> jvmOptions, Map<String, String> properties) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmOptions);
    command.add("-Dquarkus.http.port=" + httpPort);
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    return command;
  }

  /** The readiness URL of a service on {@code httpPort}. */
  public static URI readiness(int httpPort) {
    return URI.create("http://localhost:" + httpPort + "/q/health/ready");
  }

  /**
   * Why the service on {@code httpPort} is not ready (its health answer or the connection error),
   * or empty when {@code /q/health/ready} answers 200.
   */
  public static Optional<String> notReady(int httpPort) throws InterruptedException {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(readiness(httpPort)).timeout(Duration.ofSeconds(2))
          .build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.empty() : Optional.of(r.statusCode() + " " + r.body());
    } catch (IOException e) {
      return Optional.of(e.toString());
    }
  }
}
