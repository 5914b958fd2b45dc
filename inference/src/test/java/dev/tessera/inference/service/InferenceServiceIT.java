package dev.tessera.inference.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.tessera.inference.TestTiles;
import dev.tessera.records.Tile;
import dev.tessera.schemas.Topics;
import dev.tessera.imaging.geometry.UNetGeometry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The packaged service on a real broker: ready once its model passed its self-test, scores tiles, reports metrics. */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndModelResource.class, restrictToAnnotatedClass = true)
@Tag("integration")
class InferenceServiceIT {

  @Test
  void becomesReadyScoresTilesAndReportsHealthAndMetrics() throws Exception {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        given().when().get("/q/health/ready").then().statusCode(200));
    // By name: the readiness checks come in no fixed order (Quarkus' "Graceful Shutdown" check is one of them).
    String ready = "checks.find { it.name == 'inference-ready' }.data";
    given().when().get("/q/health/ready").then()
        .body(ready + ".device", equalTo("cpu"))
        .body(ready + ".deviceFallback", containsString("CUDA execution provider cannot be loaded"))
        .body(ready + ".selfTest", containsString("passed"));
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

    Topics topics = Topics.withPrefix("service.");
    List<Tile> tiles = TestTiles.tilesOf("acq-service", 0, 100, 76, new UNetGeometry(2), 64, 1);
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaAndModelResource.kafka.clientProperties(),
        new StringSerializer(), new ByteArraySerializer())) {
      for (Tile t : tiles) {
        p.send(new ProducerRecord<>(topics.tiles().name(),
            Topics.tileKey(t.getAcquisitionId(), t.getFrameIndex(), t.getTileIndex()),
            topics.tiles().valueSerde().serializer().serialize(topics.tiles().name(), t))).get();
      }
    }

    Map<String, Object> props = new HashMap<>(KafkaAndModelResource.kafka.clientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "service-it-reader");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> masks = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      c.subscribe(List.of(topics.tileMasks().name()));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        c.poll(Duration.ofMillis(200)).forEach(masks::add);
        return masks.size() >= tiles.size();
      });
    }
    assertThat(masks).hasSize(tiles.size());

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/metrics").then()
        .statusCode(200)
        .body(containsString("tessera_inference_tiles_total " + tiles.size() + ".0"))
        .body(containsString("tessera_inference_device{device=\"cpu\",fallback=\"true\""))
        .body(containsString("tessera_inference_batch_size_count")));
  }
}
