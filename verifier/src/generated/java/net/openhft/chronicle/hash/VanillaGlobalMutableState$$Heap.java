package net.openhft.chronicle.hash;

import java.lang.Object;
import java.lang.Override;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;
import net.openhft.chronicle.values.Copyable;
import net.openhft.chronicle.values.HeapByteable;

public class VanillaGlobalMutableState$$Heap implements VanillaGlobalMutableState, Copyable<VanillaGlobalMutableState>, BytesMarshallable, HeapByteable {
  private int __fieldallocatedExtraTierBulks;

  private long __fieldfirstFreeTierIndex;

  private long __fieldextraTiersInUse;

  private long __fieldsegmentHeadersOffset;

  private long __fielddataStoreSize;

  @Override
  public int getAllocatedExtraTierBulks() {
    int raw__fieldallocatedExtraTierBulksValue = __fieldallocatedExtraTierBulks;
    return raw__fieldallocatedExtraTierBulksValue;
  }

  @Override
  public void setAllocatedExtraTierBulks(int _allocatedExtraTierBulks) {
    this.__fieldallocatedExtraTierBulks = _allocatedExtraTierBulks;
  }

  @Override
  public long getFirstFreeTierIndex() {
    long raw__fieldfirstFreeTierIndexValue = __fieldfirstFreeTierIndex;
    return raw__fieldfirstFreeTierIndexValue;
  }

  @Override
  public void setFirstFreeTierIndex(long _firstFreeTierIndex) {
    this.__fieldfirstFreeTierIndex = _firstFreeTierIndex;
  }

  @Override
  public long getExtraTiersInUse() {
    long raw__fieldextraTiersInUseValue = __fieldextraTiersInUse;
    return raw__fieldextraTiersInUseValue;
  }

  @Override
  public void setExtraTiersInUse(long _extraTiersInUse) {
    this.__fieldextraTiersInUse = _extraTiersInUse;
  }

  @Override
  public long getSegmentHeadersOffset() {
    long raw__fieldsegmentHeadersOffsetValue = __fieldsegmentHeadersOffset;
    return raw__fieldsegmentHeadersOffsetValue;
  }

  @Override
  public void setSegmentHeadersOffset(long _segmentHeadersOffset) {
    this.__fieldsegmentHeadersOffset = _segmentHeadersOffset;
  }

  @Override
  public long getDataStoreSize() {
    long raw__fielddataStoreSizeValue = __fielddataStoreSize;
    return raw__fielddataStoreSizeValue;
  }

  @Override
  public void setDataStoreSize(long _dataStoreSize) {
    this.__fielddataStoreSize = _dataStoreSize;
  }

  @Override
  public long addDataStoreSize(long addition) {
    long _dataStoreSize = __fielddataStoreSize + addition;
    __fielddataStoreSize = _dataStoreSize;
    return _dataStoreSize;
  }

  @Override
  public void copyFrom(VanillaGlobalMutableState from) {
     {
      int allocatedExtraTierBulksCopy = from.getAllocatedExtraTierBulks();
      this.__fieldallocatedExtraTierBulks = allocatedExtraTierBulksCopy;
    }
     {
      long firstFreeTierIndexCopy = from.getFirstFreeTierIndex();
      this.__fieldfirstFreeTierIndex = firstFreeTierIndexCopy;
    }
     {
      long extraTiersInUseCopy = from.getExtraTiersInUse();
      this.__fieldextraTiersInUse = extraTiersInUseCopy;
    }
     {
      long segmentHeadersOffsetCopy = from.getSegmentHeadersOffset();
      this.__fieldsegmentHeadersOffset = segmentHeadersOffsetCopy;
    }
     {
      long dataStoreSizeCopy = from.getDataStoreSize();
      this.__fielddataStoreSize = dataStoreSizeCopy;
    }
  }

  @Override
  public void writeMarshallable(BytesOut bytes) {
     {
      bytes.writeInt(getAllocatedExtraTierBulks());
    }
     {
      bytes.writeLong(getFirstFreeTierIndex());
    }
     {
      bytes.writeLong(getExtraTiersInUse());
    }
     {
      bytes.writeLong(getSegmentHeadersOffset());
    }
     {
      bytes.writeLong(getDataStoreSize());
    }
  }

  @Override
  public void readMarshallable(BytesIn bytes) {
     {
      __fieldallocatedExtraTierBulks = bytes.readInt();
    }
     {
      __fieldfirstFreeTierIndex = bytes.readLong();
    }
     {
      __fieldextraTiersInUse = bytes.readLong();
    }
     {
      __fieldsegmentHeadersOffset = bytes.readLong();
    }
     {
      __fielddataStoreSize = bytes.readLong();
    }
  }

  @Override
  public boolean equals(Object obj) {
    if (!(obj instanceof VanillaGlobalMutableState)) return false;
    VanillaGlobalMutableState other = (VanillaGlobalMutableState) obj;
     {
      if (getAllocatedExtraTierBulks() != other.getAllocatedExtraTierBulks()) return false;
    }
     {
      if (getFirstFreeTierIndex() != other.getFirstFreeTierIndex()) return false;
    }
     {
      if (getExtraTiersInUse() != other.getExtraTiersInUse()) return false;
    }
     {
      if (getSegmentHeadersOffset() != other.getSegmentHeadersOffset()) return false;
    }
     {
      if (getDataStoreSize() != other.getDataStoreSize()) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hashCode = 1;
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Integer.hashCode(getAllocatedExtraTierBulks());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Long.hashCode(getFirstFreeTierIndex());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Long.hashCode(getExtraTiersInUse());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Long.hashCode(getSegmentHeadersOffset());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Long.hashCode(getDataStoreSize());
    }
    return hashCode;
  }
}
