package dev.tessera.model.onnx;

/**
 * A plain-Java forward pass of the U-Net, written from the paper's description with nested
 * loops and no shared code with {@link UNetOnnx}, to check the ONNX graph against.
 */
final class ReferenceUNet {

  private ReferenceUNet() {}

  /** A feature map: {@code c} channels of {@code h x w}, channel-major. */
  record Map(int c, int h, int w, float[] v) {
    float at(int ch, int y, int x) {
      return v[(ch * h + y) * w + x];
    }
  }

  /** Softmax probabilities, [classes][h-2m][w-2m] flattened, for a 1-channel input. */
  static Map forward(UNetWeights net, float[] image, int h, int w) {
    Map x = new Map(1, h, w, image.clone());
    Map[] skips = new Map[net.depth()];
    for (int l = 0; l < net.depth(); l++) {
      x = relu(conv(x, net.down().get(2 * l)));
      x = relu(conv(x, net.down().get(2 * l + 1)));
      skips[l] = x;
      x = maxPool(x);
    }
    x = relu(conv(x, net.bottom().get(0)));
    x = relu(conv(x, net.bottom().get(1)));
    for (int i = 0; i < net.depth(); i++) {
      int l = net.depth() - 1 - i;
      Map up = upConv(x, net.upConvs().get(i));
      Map skip = skips[l];
      int crop = (skip.h() - up.h()) / 2;
      x = concat(crop(skip, crop, up.h(), up.w()), up);
      x = relu(conv(x, net.up().get(2 * i)));
      x = relu(conv(x, net.up().get(2 * i + 1)));
    }
    return softmax(conv(x, net.head()));
  }

  static Map conv(Map in, ConvWeights k) {
    int oh = in.h() - k.kernelH() + 1;
    int ow = in.w() - k.kernelW() + 1;
    float[] out = new float[k.outChannels() * oh * ow];
    for (int o = 0; o < k.outChannels(); o++) {
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          double s = k.bias()[o];
          for (int i = 0; i < k.inChannels(); i++) {
            for (int ky = 0; ky < k.kernelH(); ky++) {
              for (int kx = 0; kx < k.kernelW(); kx++) {
                s += (double) k.weight()[((o * k.inChannels() + i) * k.kernelH() + ky) * k.kernelW() + kx]
                    * in.at(i, y + ky, x + kx);
              }
            }
          }
          out[(o * oh + y) * ow + x] = (float) s;
        }
      }
    }
    return new Map(k.outChannels(), oh, ow, out);
  }

  static Map relu(Map m) {
    float[] v = m.v().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(0f, v[i]);
    }
    return new Map(m.c(), m.h(), m.w(), v);
  }

  static Map maxPool(Map m) {
    int oh = m.h() / 2;
    int ow = m.w() / 2;
    float[] v = new float[m.c() * oh * ow];
    for (int c = 0; c < m.c(); c++) {
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          v[(c * oh + y) * ow + x] = Math.max(Math.max(m.at(c, 2 * y, 2 * x), m.at(c, 2 * y, 2 * x + 1)),
              Math.max(m.at(c, 2 * y + 1, 2 * x), m.at(c, 2 * y + 1, 2 * x + 1)));
        }
      }
    }
    return new Map(m.c(), oh, ow, v);
  }

  /** 2x2 stride-2 transposed convolution; weight [C_in, C_out, 2, 2]. */
  static Map upConv(Map in, ConvWeights k) {
    int oh = in.h() * 2;
    int ow = in.w() * 2;
    int cout = k.outChannels();
    float[] v = new float[cout * oh * ow];
    for (int o = 0; o < cout; o++) {
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          double s = k.bias()[o];
          for (int i = 0; i < k.inChannels(); i++) {
            s += (double) k.weight()[((i * cout + o) * 2 + y % 2) * 2 + x % 2] * in.at(i, y / 2, x / 2);
          }
          v[(o * oh + y) * ow + x] = (float) s;
        }
      }
    }
    return new Map(cout, oh, ow, v);
  }

  static Map crop(Map m, int crop, int h, int w) {
    float[] v = new float[m.c() * h * w];
    for (int c = 0; c < m.c(); c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          v[(c * h + y) * w + x] = m.at(c, y + crop, x + crop);
        }
      }
    }
    return new Map(m.c(), h, w, v);
  }

  static Map concat(Map a, Map b) {
    float[] v = new float[a.v().length + b.v().length];
    System.arraycopy(a.v(), 0, v, 0, a.v().length);
    System.arraycopy(b.v(), 0, v, a.v().length, b.v().length);
    return new Map(a.c() + b.c(), a.h(), a.w(), v);
  }

  static Map softmax(Map m) {
    float[] v = new float[m.v().length];
    int plane = m.h() * m.w();
    for (int p = 0; p < plane; p++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < m.c(); c++) {
        max = Math.max(max, m.v()[c * plane + p]);
      }
      double sum = 0;
      for (int c = 0; c < m.c(); c++) {
        sum += Math.exp(m.v()[c * plane + p] - max);
      }
      for (int c = 0; c < m.c(); c++) {
        v[c * plane + p] = (float) (Math.exp(m.v()[c * plane + p] - max) / sum);
      }
    }
    return new Map(m.c(), m.h(), m.w(), v);
  }
}
