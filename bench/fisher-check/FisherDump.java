import java.io.*;
import java.nio.*;
import java.nio.file.*;
import org.engram.cl.*;
import org.engram.cl.data.*;
import org.engram.cl.importance.*;
import org.engram.cl.method.*;
import org.engram.cl.nn.*;
import org.engram.cl.util.*;
import org.engram.examples.*;

public class FisherDump {
  static void dump(String f, float[] a) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : a) b.putFloat(v);
    Files.write(Path.of(f), b.array());
  }
  public static void main(String[] a) throws Exception {
    Dataset d = DataReaders.readIdxFolder(Path.of("/usr/share/datasets/fashion-mnist"));
    int[] first = java.util.stream.IntStream.range(0, 12000).toArray();
    TaskData tr = d.train().subset(first);
    LearnerConfig c = LearnerConfig.builder().hidden(100, 100).epochs(1).method(MethodSpec.of(MethodSpec.Kind.FINE_TUNE)).build();
    ContinualLearner l = new ContinualLearner(c, 784);
    l.learnTask(tr, 0, TrainingListener.NONE);
    Mlp net = l.network();
    int h = net.headIndex(Mlp.SHARED_HEAD);
    TaskData s = d.train().subset(java.util.stream.IntStream.range(0, 1000).toArray());
    float[] f = new FisherImportance(FisherImportance.Variant.EMPIRICAL).estimate(net, s, h, new Rng(1));
    dump("params.bin", net.params());
    dump("fisher.bin", f);
    StringBuilder sb = new StringBuilder();
    for (int l2 = 0; l2 < 2; l2++) sb.append("trunk ").append(l2).append(' ').append(net.trunkWeightOffset(l2)).append('\n');
    sb.append("headW ").append(net.headWeightOffset(h)).append("\nheadB ").append(net.headBiasOffset(h)).append("\nclasses");
    for (int k : net.headClasses(h)) sb.append(' ').append(k);
    sb.append("\nacc ").append(l.accuracy(d.test(), 0)).append('\n');
    Files.writeString(Path.of("layout.txt"), sb);
    System.out.println(sb);
  }
}
