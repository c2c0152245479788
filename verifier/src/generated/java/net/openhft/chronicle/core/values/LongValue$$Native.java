package net.openhft.chronicle.core.values;

import java.lang.IllegalArgumentException;
import java.lang.Object;
import java.lang.Override;
import net.openhft.chronicle.bytes.Byteable;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.values.Copyable;

public class LongValue$$Native implements LongValue, Copyable<LongValue>, BytesMarshallable, Byteable {
  private BytesStore bs;

  private long offset;

  @Override
  public long getValue() {
    return bs.readLong(offset + 0);
  }

  @Override
  public void setValue(long _value) {
    bs.writeLong(offset + 0, _value);
  }

  @Override
  public long addValue(long addition) {
    long oldValue = bs.readLong(offset + 0);
    long newValue = oldValue + addition;
    bs.writeLong(offset + 0, newValue);
    return newValue;
  }

  @Override
  public boolean compareAndSwapValue(long oldValue, long newValue) {
    return bs.compareAndSwapLong(offset + 0, oldValue, newValue);
  }

  @Override
  public void copyFrom(LongValue from) {
    if (from instanceof LongValue$$Native) {
      bs.write(offset, ((LongValue$$Native) from).bytesStore(), ((LongValue$$Native) from).offset(), 8);
    } else {
       {
        setValue(from.getValue());
      }
    }
  }

  @Override
  public void writeMarshallable(BytesOut bytes) {
     {
      bytes.writeLong(bs.readLong(offset + 0));
    }
  }

  @Override
  public void readMarshallable(BytesIn bytes) {
     {
      bs.writeLong(offset + 0, bytes.readLong());
    }
  }

  @Override
  public boolean equals(Object obj) {
    if (!(obj instanceof LongValue)) return false;
    LongValue other = (LongValue) obj;
     {
      if (getValue() != other.getValue()) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hashCode = 1;
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Long.hashCode(getValue());
    }
    return hashCode;
  }

  @Override
  public void bytesStore(BytesStore bytesStore, long offset, long length) {
    if (length != maxSize()) {
      throw new IllegalArgumentException("Constant size is 8, given length is " + length);
    }
    this.bs = bytesStore;
        if (offset + length > bytesStore.capacity())
                throw new AssertionError();
    this.offset = offset;
  }

  @Override
  public BytesStore bytesStore() {
    return bs;
  }

  @Override
  public long offset() {
    return offset;
  }

  @Override
  public long maxSize() {
    return 8;
  }
}
