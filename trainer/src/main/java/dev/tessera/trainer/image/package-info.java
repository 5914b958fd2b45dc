/** Label-image operations shared by targets, weight maps, metrics and the data generator. */
package dev.tessera.trainer.image;
