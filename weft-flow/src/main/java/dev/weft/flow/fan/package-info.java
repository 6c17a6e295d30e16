/** {@code Fan}: merge, split and tee over channels, closing their outputs when inputs close or the context is cancelled. */
package dev.weft.flow.fan;
