/**
 * {@code forget}: erases persons on request. Reads {@code identity_map}, {@code identity_merges}
 * and {@code person_index} to find every identifier and person id of each requested identifier;
 * deletes their rows from {@code events}, {@code quarantine}, the identity tables, {@code
 * interactions}, {@code person_profile}, {@code person_index}, {@code recommendations} and the
 * models' user factors; appends salted hashes to {@code erasures} (collect drops matching events
 * from then on); then purges deletion vectors and VACUUMs so older table versions cannot return the
 * rows.
 */
package org.segmentofone.forget;
