/** The end-to-end seamlessness invariant, with a real ONNX U-Net generated in the test. */
package dev.tessera.cli.seamless;
