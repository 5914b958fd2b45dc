package dev.tessera.ingest.publish;

import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A frame the broker acknowledged (acks=all): its identity and where it is stored.
 *
 * @param acquisitionId the record key
 * @param frameIndex the frame's index in its acquisition
 * @param page the page of the source file it came from (0 for single images)
 * @param metadata topic, partition, offset and timestamp as the broker acknowledged them
 * @param recordBytes size of the serialized frame value
 */
public record PublishedFrame(String acquisitionId, long frameIndex, int page, RecordMetadata metadata, int recordBytes) {

  public String topic() {
    return metadata.topic();
  }

  public int partition() {
    return metadata.partition();
  }

  public long offset() {
    return metadata.offset();
  }
}
