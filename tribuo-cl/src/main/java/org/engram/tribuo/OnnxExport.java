package org.engram.tribuo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.engram.cl.nn.Mlp;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a network with a shared head as an ONNX graph: one Gemm (and Relu) per hidden layer, a
 * Gemm for the head and a Softmax. Parameters are read at the offsets the network exposes ({@link
 * Mlp#trunkWeightOffset}, {@link Mlp#trunkBiasOffset}, {@link Mlp#headWeightOffset}, {@link
 * Mlp#headBiasOffset}); weights are stored input-major ({@code [in][out]}), which is Gemm's layout
 * for {@code input × W}.
 *
 * <p>Two reorderings make the graph speak Tribuo's conventions: the rows of the layer that reads
 * the input follow Tribuo's feature ids (the network's inputs follow the model's own input order),
 * and the head's columns follow label ids (the head's units are in the order classes were first
 * seen, a label's id being its class id).
 */
final class OnnxExport {
  private OnnxExport() {}

  /**
   * @param input the features (batch × features, feature-id order)
   * @param net the network (shared head)
   * @param column the network input of each feature id
   * @param labels size of the label domain
   * @return the probabilities node (batch × labels, label-id order)
   * @throws IllegalStateException if the head has more units than the label domain has labels
   */
  static ONNXNode graph(ONNXRef<?> input, Mlp net, int[] column, int labels) {
    ONNXContext onnx = input.onnxContext();
    float[] params = net.params();
    ONNXRef<?> current = input;
    int in = net.inputSize();
    for (int l = 0; l < net.hiddenCount(); l++) {
      int out = net.hiddenSize(l);
      float[] w = slice(params, net.trunkWeightOffset(l), in, out, l == 0 ? column : null);
      int bOff = net.trunkBiasOffset(l);
      ONNXInitializer wi = onnx.floatTensor("engram_w" + l, List.of(in, out), fb -> fb.put(w));
      ONNXInitializer bi =
          onnx.floatTensor("engram_b" + l, List.of(out), fb -> fb.put(params, bOff, out));
      current = current.apply(ONNXOperators.GEMM, Arrays.asList(wi, bi)).apply(OnnxRelu.RELU);
      in = out;
    }
    int head = net.headIndex(Mlp.SHARED_HEAD);
    int[] classes = net.headClasses(head);
    int units = classes.length;
    if (units > labels) {
      throw new IllegalStateException(
          "the shared head has " + units + " units but the label domain " + labels + " labels");
    }
    float[] unitsW =
        slice(
            params, net.headWeightOffset(head), in, units, net.hiddenCount() == 0 ? column : null);
    int bOff = net.headBiasOffset(head);
    float[] hw = new float[in * labels];
    float[] hb = new float[labels];
    // a label of the domain that no task has taught has no unit: probability 0, as in Java
    Arrays.fill(hb, -Float.MAX_VALUE);
    for (int u = 0; u < units; u++) {
      int c = classes[u];
      hb[c] = params[bOff + u];
      for (int i = 0; i < in; i++) {
        hw[i * labels + c] = unitsW[i * units + u];
      }
    }
    ONNXInitializer w = onnx.floatTensor("engram_head_w", List.of(in, labels), fb -> fb.put(hw));
    ONNXInitializer b = onnx.floatTensor("engram_head_b", List.of(labels), fb -> fb.put(hb));
    return current
        .apply(ONNXOperators.GEMM, Arrays.asList(w, b))
        .apply(ONNXOperators.SOFTMAX, Map.of("axis", 1));
  }

  /**
   * A copy of an {@code [in][out]} weight block; with {@code column}, row {@code id} is the block's
   * row {@code column[id]} (the input of feature id).
   */
  private static float[] slice(float[] params, int offset, int in, int out, int[] column) {
    float[] w = new float[in * out];
    for (int i = 0; i < in; i++) {
      int row = column == null ? i : column[i];
      System.arraycopy(params, offset + row * out, w, i * out, out);
    }
    return w;
  }
}
