package dev.tessera.cli;

import dev.tessera.cli.local.KeyScan;
import dev.tessera.cli.output.CtcTracks;
import dev.tessera.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera tracks}: an acquisition's tracks, as the tracker service published them, written in
 * the Cell Tracking Challenge's format for TrackMate, Mastodon and the CTC's tools.
 */
@Command(name = "tracks", mixinStandardHelpOptions = true,
    description = {"Write an acquisition's tracks in the Cell Tracking Challenge format (maskNNN.tif with track ids,"
        + " res_track.txt) from the masks and tracks topics of a cluster whose tracker service linked it (tessera up"
        + " runs one), as far as they are retained and committed now.",
        "Exit code 1 when a mask has no tracks (see the tracker's dead letters) or nothing was found."})
final class TracksCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin BrokerOptions broker;

  @Option(names = "--acquisition", required = true, paramLabel = "ID", description = "The acquisition to write.")
  String acquisition;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: .tessera/runs/<id>/ctc).")
  Path out;

  @Override
  public Integer call() {
    Topics topics = Topics.withPrefix(broker.topicPrefix());
    Path dir = out != null ? out : broker.dataDir().resolve("runs").resolve(acquisition).resolve("ctc");
    int masks = 0;
    int tracked = 0;
    try (BrokerOptions.Kafka kafka = broker.open()) {
      // The track records are small: a first pass over them gives the frame count, and with it the
      // digits of the mask names (three, four from 1000 frames on, as the CTC's).
      long lastFrame = -1;
      try (KeyScan records = new KeyScan(kafka.settings(), List.of(topics.tracks().name()), acquisition, 500)) {
        while (records.hasNext()) {
          ConsumerRecord<String, byte[]> r = records.next();
          lastFrame = Math.max(lastFrame, topics.tracks().valueSerde().deserializer().deserialize(r.topic(), r.value())
              .getFrameIndex());
        }
      }
      if (lastFrame < 0) {
        spec.commandLine().getErr().println("tessera: no tracks of acquisition " + acquisition + " on " + topics.tracks().name()
            + " (is the tracker running? tessera up starts one)");
        return Tessera.EXIT_FAILED;
      }
      CtcTracks ctc = new CtcTracks(dir, (int) Math.min(Integer.MAX_VALUE, lastFrame + 1));
      try (KeyScan records = new KeyScan(kafka.settings(), List.of(topics.masks().name(), topics.tracks().name()),
          acquisition, 16)) {
        while (records.hasNext()) {
          ConsumerRecord<String, byte[]> r = records.next();
          if (r.topic().equals(topics.masks().name())) {
            masks++;
            var mask = topics.masks().valueSerde().deserializer().deserialize(r.topic(), r.value());
            ctc.frame(mask.getFrameIndex(), mask);
          } else {
            tracked++;
            ctc.track(topics.tracks().valueSerde().deserializer().deserialize(r.topic(), r.value()));
          }
        }
      }
      int written = ctc.finish();
      spec.commandLine().getOut().println("Tracks of " + acquisition + ": " + written + " frames (" + masks + " masks, " + tracked
          + " track records) -> " + dir.toAbsolutePath());
      if (ctc.masksWithoutTracks() > 0) {
        spec.commandLine().getErr().println("tessera: " + ctc.masksWithoutTracks() + " masks have no tracks: the tracker rejected"
            + " them (tessera dead-letters --acquisition " + acquisition + " --stage tracker says why) or has not"
            + " reached them yet");
        return Tessera.EXIT_FAILED;
      }
      return Tessera.EXIT_OK;
    }
  }
}
