package dev.tessera.ingest.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * One file of a folder listing.
 *
 * @param name file name within the folder
 * @param size bytes
 * @param modified last modification time
 * @param fileKey the file system's identity of the file (device and inode on Linux), kept across
 *     renames; null where the file system has none
 */
record FileEntry(String name, long size, Instant modified, Object fileKey) {

  static FileEntry of(Path file) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    return new FileEntry(file.getFileName().toString(), attrs.size(), attrs.lastModifiedTime().toInstant(), attrs.fileKey());
  }
}
