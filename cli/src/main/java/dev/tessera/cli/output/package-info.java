/** What the launcher writes for people and for Fiji/napari: 16-bit label TIFFs, colour overlays, object tables as CSV. */
package dev.tessera.cli.output;
