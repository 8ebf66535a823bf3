package org.engram.cl.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

  @Test
  void aProbeLeavesNoTraceAndRefusesWhatCannotBeWritten(@TempDir Path dir) throws IOException {
    Path fresh = dir.resolve("report.json");
    OutputFiles.probe(fresh);
    assertFalse(Files.exists(fresh), "a new file is deleted again");
    Path existing = Files.writeString(dir.resolve("old.json"), "kept");
    OutputFiles.probe(existing);
    assertEquals("kept", Files.readString(existing), "an existing file is left as it is");
    assertThrows(IOException.class, () -> OutputFiles.probe(dir.resolve("no/such/dir/x.json")));
    assertThrows(IOException.class, () -> OutputFiles.probe(dir), "a folder is not a file");
  }
}
