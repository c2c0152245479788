package net.openhft.chronicle.core.values;

import java.lang.AssertionError;
import java.lang.IllegalAccessException;
import java.lang.Object;
import java.lang.Override;
import java.lang.reflect.Field;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.values.Copyable;
import sun.misc.Unsafe;

public class LongValue$$Heap implements LongValue, Copyable<LongValue>, BytesMarshallable {
  private static final Unsafe UNSAFE;

  private static final long valueAddress;

  static {
    try {
      Field theUnsafe = Jvm.getField(Unsafe.class, "theUnsafe");
      UNSAFE = (Unsafe) theUnsafe.get(null);
      valueAddress = UNSAFE.objectFieldOffset(Jvm.getField(LongValue$$Heap.class, "__fieldvalue"));
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private long __fieldvalue;

  @Override
  public long getValue() {
    long raw__fieldvalueValue = __fieldvalue;
    return raw__fieldvalueValue;
  }

  @Override
  public void setValue(long _value) {
    this.__fieldvalue = _value;
  }

  @Override
  public long addValue(long addition) {
    long _value = __fieldvalue + addition;
    __fieldvalue = _value;
    return _value;
  }

  @Override
  public boolean compareAndSwapValue(long oldValue, long newValue) {
    return UNSAFE.compareAndSwapLong(this, valueAddress, oldValue, newValue);
  }

  @Override
  public void copyFrom(LongValue from) {
     {
      long valueCopy = from.getValue();
      this.__fieldvalue = valueCopy;
    }
  }

  @Override
  public void writeMarshallable(BytesOut bytes) {
     {
      bytes.writeLong(getValue());
    }
  }

  @Override
  public void readMarshallable(BytesIn bytes) {
     {
      __fieldvalue = bytes.readLong();
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
}
