/** Print files for a batch's codes: each code's public URL as CSV, and its QR or GS1 DataMatrix symbol as PNG or SVG (ZXing). */
package io.scangate.server.print;
