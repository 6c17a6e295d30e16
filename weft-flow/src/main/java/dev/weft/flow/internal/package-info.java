/** weft-flow's shared implementation pieces; not exported, not API. */
package dev.weft.flow.internal;
