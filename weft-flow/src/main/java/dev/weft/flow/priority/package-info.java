/** Priority work: strict priority with a guaranteed minimum share for lower priorities. */
package dev.weft.flow.priority;
