/**
 * {@code connect}: {@code events} in; {@code identity_edges}, {@code identity_map} and {@code
 * identity_suspects} out. Guardrails against over-merging live in {@link
 * org.segmentofone.connect.ConnectConfig}.
 */
package org.segmentofone.connect;
