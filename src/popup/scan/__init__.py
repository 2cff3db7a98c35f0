"""QR and barcode decoding and QR card rendering, Qt-free (grayscale buffers in, codes out)."""
