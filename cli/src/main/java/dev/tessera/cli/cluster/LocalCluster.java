package dev.tessera.cli.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Tessera on one machine without Docker: a Kafka broker (KRaft, the launcher's embedded one) on a
 * fixed port and the five services as separate JVMs on their documented ports, each started
 * detached from the launcher with its log in {@code <data>/logs/<name>.log} and its process id in
 * {@code <data>/cluster/<name>.pid}, so {@link #down} (another launcher run) finds and stops them.
 */
public final class LocalCluster {

  /** Where a member listens. */
  public record Ports(int broker, int ingest, int tiler, int stitcher, int inference, int tracker) {
    /** The documented defaults: Kafka's 9092 and the services' own HTTP ports. */
    public static final Ports DEFAULTS = new Ports(9092, 8080, 8081, 8082, 8083, 8084);
  }

  /**
   * One process of the cluster.
   *
   * @param name broker, tiler, inference, stitcher, tracker or ingest
   * @param port its Kafka port (broker) or HTTP port (services)
   * @param command its command line
   * @param marker the start of its command line's options, which tells it from an unrelated process
   *     that got the same process id after a reboot
   */
  record Member(String name, int port, List<String> command, String marker) {
    boolean isBroker() {
      return name.equals("broker");
    }
  }

  /** A member found running. */
  public record Running(String name, long pid, int port) {}

  private static final List<String> SERVICES = List.of("tiler", "inference", "stitcher", "tracker", "ingest");

  /** The services given the model: the tiler's geometry, the worker's network, the stitcher's cell separation. */
  private static final List<String> MODEL_READERS = List.of("tiler", "inference", "stitcher");

  /** The Kafka Streams services, whose RocksDB state goes under {@code <data>/streams/<name>}. */
  private static final List<String> STREAMS_SERVICES = List.of("tiler", "stitcher", "tracker");

  private final Path home;
  private final Path dataDir;
  private final Ports ports;
  private final Path model;
  private final String heap;

  /**
   * @param home the repository root (the services' packaged jars are under it)
   * @param dataDir the launcher's data folder: broker log, process ids, logs
   * @param model the model of the tiler, the inference worker and the stitcher
   * @param heap the {@code -Xmx} of each JVM, e.g. {@code 1g}
   */
  public LocalCluster(Path home, Path dataDir, Ports ports, Path model, String heap) {
    this.home = home.toAbsolutePath().normalize();
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.ports = ports;
    this.model = model.toAbsolutePath().normalize();
    this.heap = heap;
  }

  /** The packaged jars the services run from. */
  public List<Path> serviceJars() {
    return SERVICES.stream().map(s -> ServiceLaunch.jarOf(home, s)).toList();
  }

  /** The members in start order: the broker first, ingest (the way in) last. */
  List<Member> members() {
    List<Member> members = new ArrayList<>();
    String bootstrap = "localhost:" + ports.broker();
    members.add(new Member("broker", ports.broker(), List.of(ServiceLaunch.java(), marker("broker"), "-Xmx" + heap,
        "-cp", launcherClassPath(), "dev.tessera.cli.Tessera", "broker", "--port", Integer.toString(ports.broker()),
        "--data-dir", dataDir.toString()), marker("broker")));
    for (String service : SERVICES) {
      Map<String, String> props = new LinkedHashMap<>();
      props.put("tessera.kafka.bootstrap-servers", bootstrap);
      // One broker: every topic has one replica.
      props.put("tessera.topics.replication-factor", "1");
      props.put("tessera.topics.min-insync-replicas", "1");
      if (MODEL_READERS.contains(service)) {
        props.put("tessera." + service + ".model-path", model.toString());
      }
      if (STREAMS_SERVICES.contains(service)) {
        // Streams state beside the broker's log, not in /tmp.
        props.put("tessera.kafka.streams.\"state.dir\"", dataDir.resolve("streams").resolve(service).toString());
      }
      Path jar = ServiceLaunch.jarOf(home, service);
      members.add(new Member(service, httpPort(service), ServiceLaunch.command(jar, httpPort(service),
          List.of(marker(service), "-Xmx" + heap), props), marker(service)));
    }
    return members;
  }

  /**
   * The first option of a member's command line, where {@link ProcessHandle.Info#commandLine()}
   * sees it: the JDK reads at most 4096 bytes of a command line, and the class path is longer.
   */
  private String marker(String name) {
    return "-Dtessera.cluster.member=" + name + "@" + dataDir;
  }

  /** This launcher's class path with absolute entries: members run in the data folder. */
  private static String launcherClassPath() {
    return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(
            java.io.File.pathSeparator));
  }

  private int httpPort(String service) {
    return switch (service) {
      case "ingest" -> ports.ingest();
      case "tiler" -> ports.tiler();
      case "stitcher" -> ports.stitcher();
      case "inference" -> ports.inference();
      case "tracker" -> ports.tracker();
      default -> throw new IllegalArgumentException(service);
    };
  }

  /** The members whose recorded process still runs. */
  public List<Running> running() {
    List<Running> running = new ArrayList<>();
    for (Member m : members()) {
      process(m).ifPresent(p -> running.add(new Running(m.name(), p.pid(), readPort(m))));
    }
    return running;
  }

  /**
   * Starts the broker, waits until it answers, starts the five services and waits until each is
   * ready. On a failure it prints the end of the failing member's log, stops what it started and
   * throws.
   *
   * @throws IllegalStateException naming the member and the reason
   */
  public void up(PrintWriter out, Duration timeout) throws InterruptedException {
    List<Running> running = running();
    if (!running.isEmpty()) {
      throw new IllegalStateException("the local cluster of " + dataDir + " is already (partly) up: "
          + running.stream().map(r -> r.name() + " (pid " + r.pid() + ")").toList() + "; stop it with tessera down");
    }
    List<Member> members = members();
    for (Member m : members) {
      requireFreePort(m);
    }
    for (Path jar : serviceJars()) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -B package -DskipTests)");
      }
    }
    try {
      Files.createDirectories(dataDir.resolve("logs"));
      Files.createDirectories(dataDir.resolve("cluster"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir, e);
    }
    long t0 = System.nanoTime();
    List<Member> started = new ArrayList<>();
    try {
      Member broker = members.get(0);
      start(broker);
      started.add(broker);
      awaitReady(List.of(broker), timeout, out, t0);
      for (Member m : members.subList(1, members.size())) {
        start(m);
        started.add(m);
      }
      awaitReady(members.subList(1, members.size()), timeout, out, t0);
    } catch (RuntimeException | InterruptedException e) {
      out.println("stopping what was started");
      out.flush();
      down(out, Duration.ofSeconds(30));
      throw e;
    }
    printTable(out, members);
  }

  /**
   * Stops the running members: SIGTERM to every service, then the broker; a process still running
   * after {@code grace} is killed. Returns the names of the members it stopped.
   */
  public List<String> down(PrintWriter out, Duration grace) throws InterruptedException {
    List<String> stopped = new ArrayList<>();
    List<Member> members = members();
    // Services first, all at once, so none of them waits for a broker that is already gone.
    stop(members.subList(1, members.size()), grace, out, stopped);
    stop(members.subList(0, 1), grace, out, stopped);
    return stopped;
  }

  private void stop(List<Member> members, Duration grace, PrintWriter out, List<String> stopped)
      throws InterruptedException {
    Map<Member, ProcessHandle> signalled = new LinkedHashMap<>();
    for (Member m : members) {
      Optional<ProcessHandle> p = process(m);
      if (p.isPresent()) {
        p.get().destroy();
        signalled.put(m, p.get());
      } else {
        deletePidFile(m);
      }
    }
    long t0 = System.nanoTime();
    for (Map.Entry<Member, ProcessHandle> e : signalled.entrySet()) {
      ProcessHandle p = e.getValue();
      long left = grace.toNanos() - (System.nanoTime() - t0);
      boolean exited;
      try {
        p.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
        exited = true;
      } catch (java.util.concurrent.TimeoutException ex) {
        exited = false;
      } catch (java.util.concurrent.ExecutionException ex) {
        exited = !p.isAlive();
      }
      if (!exited) {
        p.destroyForcibly();
        p.onExit().join();
      }
      out.printf(Locale.ROOT, "%s (pid %d) %s after %.1f s%n", e.getKey().name(), p.pid(),
          exited ? "stopped" : "did not stop on SIGTERM, killed", (System.nanoTime() - t0) / 1e9);
      out.flush();
      deletePidFile(e.getKey());
      stopped.add(e.getKey().name());
    }
  }

  private void start(Member m) {
    List<String> command = new ArrayList<>();
    // In a session of its own, the member outlives the launcher and Ctrl-C in its terminal.
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.addAll(m.command());
    Path log = log(m);
    try {
      Files.writeString(log, "---- " + java.time.Instant.now() + " tessera up: the " + m.name() + " on port "
          + m.port() + System.lineSeparator(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      Process p = new ProcessBuilder(command).directory(dataDir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      Files.writeString(pidFile(m), p.pid() + " " + m.port() + System.lineSeparator(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + m.name() + ": " + e.getMessage(), e);
    }
  }

  private void awaitReady(List<Member> members, Duration timeout, PrintWriter out, long t0)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Member> waiting = new ArrayList<>(members);
    Map<Member, String> reasons = new LinkedHashMap<>();
    while (!waiting.isEmpty()) {
      for (Member m : List.copyOf(waiting)) {
        if (process(m).isEmpty()) {
          throw new IllegalStateException("the " + m.name() + " exited while starting; the end of " + log(m) + ":"
              + System.lineSeparator() + tail(log(m), 25));
        }
        Optional<String> why = m.isBroker() ? brokerNotReady(m.port()) : ServiceLaunch.notReady(m.port());
        if (why.isEmpty()) {
          waiting.remove(m);
          out.printf(Locale.ROOT, "%-9s ready after %.1f s%n", m.name(), (System.nanoTime() - t0) / 1e9);
          out.flush();
        } else {
          reasons.put(m, why.get());
        }
      }
      if (!waiting.isEmpty()) {
        if (System.nanoTime() > deadline) {
          Member m = waiting.get(0);
          throw new IllegalStateException("the " + m.name() + " is not ready after " + timeout.toSeconds() + " s ("
              + reasons.get(m) + "); the end of " + log(m) + ":" + System.lineSeparator() + tail(log(m), 25));
        }
        Thread.sleep(500);
      }
    }
  }

  private static Optional<String> brokerNotReady(int port) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
      admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }

  private void printTable(PrintWriter out, List<Member> members) {
    out.println();
    out.println("Tessera is up. Logs in " + dataDir.resolve("logs") + "; stop it with tessera down.");
    out.printf("%-9s %-8s %-52s %s%n", "member", "pid", "address", "health / metrics");
    for (Member m : members) {
      String pid = process(m).map(p -> Long.toString(p.pid())).orElse("?");
      if (m.isBroker()) {
        out.printf("%-9s %-8s %-52s %s%n", m.name(), pid, "localhost:" + m.port() + " (Kafka)", "");
      } else {
        String base = "http://localhost:" + m.port();
        String address = m.name().equals("ingest") ? base + "/acquisitions/{id}/frames" : base;
        out.printf("%-9s %-8s %-52s %s%n", m.name(), pid, address, base + "/q/health/ready  " + base + "/q/metrics");
      }
    }
    out.flush();
  }

  /** The recorded process of {@code m}, if it still runs and is that member. */
  private Optional<ProcessHandle> process(Member m) {
    Path file = pidFile(m);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+")[0]);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(m.marker())).orElse(true));
  }

  private int readPort(Member m) {
    try {
      String[] f = Files.readString(pidFile(m), StandardCharsets.UTF_8).trim().split("\\s+");
      return f.length > 1 ? Integer.parseInt(f[1]) : m.port();
    } catch (IOException | NumberFormatException e) {
      return m.port();
    }
  }

  private void requireFreePort(Member m) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      // The broker listens on loopback, the services (Quarkus' default) on every interface.
      s.bind(m.isBroker() ? new InetSocketAddress(InetAddress.getLoopbackAddress(), m.port())
          : new InetSocketAddress(m.port()));
    } catch (IOException e) {
      throw new IllegalStateException("port " + m.port() + " of the " + m.name() + " is in use (" + e.getMessage()
          + "); stop what uses it or choose another with --" + (m.isBroker() ? "broker" : m.name()) + "-port");
    }
  }

  private Path pidFile(Member m) {
    return dataDir.resolve("cluster").resolve(m.name() + ".pid");
  }

  private Path log(Member m) {
    return dataDir.resolve("logs").resolve(m.name() + ".log");
  }

  private void deletePidFile(Member m) {
    try {
      Files.deleteIfExists(pidFile(m));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file, int lines) {
    try (Stream<String> all = Files.lines(file, StandardCharsets.UTF_8)) {
      List<String> l = all.toList();
      return String.join(System.lineSeparator(), l.subList(Math.max(0, l.size() - lines), l.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read it: " + e.getMessage() + ")";
    }
  }
}
