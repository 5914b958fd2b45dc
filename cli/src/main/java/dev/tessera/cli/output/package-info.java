/**
 * What the launcher writes for people and for Fiji/napari: 16-bit label TIFFs and colour overlays
 * (through imaging's {@code ImageFiles} and {@code Overlay}), object tables as CSV.
 */
package dev.tessera.cli.output;
