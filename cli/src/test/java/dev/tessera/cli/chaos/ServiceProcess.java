package dev.tessera.cli.chaos;

import dev.tessera.cli.cluster.ServiceLaunch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Tessera service running as its own JVM from its packaged Quarkus jar, configured by system
 * properties as an operator would, its output in a log file per start. {@link #kill()} is
 * {@code kill -9} ({@link Process#destroyForcibly()} sends SIGKILL): no shutdown hook runs, the
 * open transaction is left to the broker.
 */
final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Path jar;
  private final Map<String, String> properties;
  private final Path logs;
  private final int port;
  private Process process;
  private int starts;

  ServiceProcess(String name, Path jar, Map<String, String> properties, Path logs) {
    this.name = name;
    this.jar = jar;
    this.properties = properties;
    this.logs = logs;
    this.port = freePort();
  }

  /** The packaged jar of {@code module}, relative to the cli module's folder, where a reactor build left it. */
  static Path jarOf(String module) {
    return ServiceLaunch.jarOf(Path.of(".."), module);
  }

  String name() {
    return name;
  }

  /** Starts the JVM (again). */
  void start() {
    List<String> command = ServiceLaunch.command(jar, port, List.of("-Xmx768m", "-XX:+UseSerialGC"), properties);
    try {
      Files.createDirectories(logs);
      Path log = logs.resolve(name + "-" + (++starts) + ".log");
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Waits until {@code /q/health/ready} answers 200; returns the time it took. */
  Duration awaitReady(Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see "
            + logs.resolve(name + "-" + starts + ".log"));
      }
      Optional<String> why = ServiceLaunch.notReady(port);
      if (why.isEmpty()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      last = why.get();
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + ": " + last);
  }

  /** The body of {@code GET path} on the service's HTTP port, whatever the status. */
  String get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** {@code kill -9}. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
