package io.scangate.verifier.journal;

/**
 * What the journal syncer needs of a journal: how far records are appended, how far they are on
 * disk, and a force that moves the second up to the first. {@link FileJournal} is the one; tests
 * give the syncer a journal whose force fails.
 *
 * <p>Concurrency: {@link #publishedPosition()} and {@link #force()} from the syncer thread while
 * the verifier appends; {@link #durablePosition()} anywhere.
 */
interface Syncable {
    /** The position after the last appended record. */
    long publishedPosition();

    /** The position up to which every record is on disk. */
    long durablePosition();

    /** Forces appended records to disk; returns the position now durable. Throws if the disk refuses. */
    long force();
}
