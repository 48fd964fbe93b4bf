/**
 * {@code consume}: {@code events}, {@code identity_map}, {@code products} in; {@code interactions}
 * and {@code person_profile} out.
 */
package org.segmentofone.consume;
