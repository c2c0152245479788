package io.scangate.verifier.ledger;

import java.lang.IllegalArgumentException;
import java.lang.Object;
import java.lang.Override;
import net.openhft.chronicle.bytes.Byteable;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.values.Copyable;

public class CodeRecord$$Native implements CodeRecord, Copyable<CodeRecord>, BytesMarshallable, Byteable {
  private BytesStore bs;

  private long offset;

  @Override
  public long getLastScanAt() {
    return bs.readLong(offset + 0);
  }

  @Override
  public void setLastScanAt(long _lastScanAt) {
    bs.writeLong(offset + 0, _lastScanAt);
  }

  @Override
  public long getFirstDeviceHash() {
    return bs.readLong(offset + 8);
  }

  @Override
  public void setFirstDeviceHash(long _firstDeviceHash) {
    bs.writeLong(offset + 8, _firstDeviceHash);
  }

  @Override
  public long getFirstScanAt() {
    return bs.readLong(offset + 16);
  }

  @Override
  public void setFirstScanAt(long _firstScanAt) {
    bs.writeLong(offset + 16, _firstScanAt);
  }

  @Override
  public long getDeviceSketch() {
    return bs.readLong(offset + 24);
  }

  @Override
  public void setDeviceSketch(long _deviceSketch) {
    bs.writeLong(offset + 24, _deviceSketch);
  }

  @Override
  public long getLastRegion() {
    return bs.readLong(offset + 32);
  }

  @Override
  public void setLastRegion(long _lastRegion) {
    bs.writeLong(offset + 32, _lastRegion);
  }

  @Override
  public long getFirstRegion() {
    return bs.readLong(offset + 40);
  }

  @Override
  public void setFirstRegion(long _firstRegion) {
    bs.writeLong(offset + 40, _firstRegion);
  }

  @Override
  public int getSuspectAtCount() {
    return bs.readInt(offset + 48);
  }

  @Override
  public void setSuspectAtCount(int _suspectAtCount) {
    bs.writeInt(offset + 48, _suspectAtCount);
  }

  @Override
  public int getLastLocation() {
    return bs.readInt(offset + 52);
  }

  @Override
  public void setLastLocation(int _lastLocation) {
    bs.writeInt(offset + 52, _lastLocation);
  }

  @Override
  public int getFlags() {
    return bs.readInt(offset + 56);
  }

  @Override
  public void setFlags(int _flags) {
    bs.writeInt(offset + 56, _flags);
  }

  @Override
  public int getScanCount() {
    return bs.readInt(offset + 60);
  }

  @Override
  public void setScanCount(int _scanCount) {
    bs.writeInt(offset + 60, _scanCount);
  }

  @Override
  public void copyFrom(CodeRecord from) {
    if (from instanceof CodeRecord$$Native) {
      bs.write(offset, ((CodeRecord$$Native) from).bytesStore(), ((CodeRecord$$Native) from).offset(), 64);
    } else {
       {
        setLastScanAt(from.getLastScanAt());
      }
       {
        setFirstDeviceHash(from.getFirstDeviceHash());
      }
       {
        setFirstScanAt(from.getFirstScanAt());
      }
       {
        setDeviceSketch(from.getDeviceSketch());
      }
       {
        setLastRegion(from.getLastRegion());
      }
       {
        setFirstRegion(from.getFirstRegion());
      }
       {
        setSuspectAtCount(from.getSuspectAtCount());
      }
       {
        setLastLocation(from.getLastLocation());
      }
       {
        setFlags(from.getFlags());
      }
       {
        setScanCount(from.getScanCount());
      }
    }
  }

  @Override
  public void writeMarshallable(BytesOut bytes) {
     {
      bytes.writeLong(bs.readLong(offset + 0));
    }
     {
      bytes.writeLong(bs.readLong(offset + 8));
    }
     {
      bytes.writeLong(bs.readLong(offset + 16));
    }
     {
      bytes.writeLong(bs.readLong(offset + 24));
    }
     {
      bytes.writeLong(bs.readLong(offset + 32));
    }
     {
      bytes.writeLong(bs.readLong(offset + 40));
    }
     {
      bytes.writeInt(bs.readInt(offset + 48));
    }
     {
      bytes.writeInt(bs.readInt(offset + 52));
    }
     {
      bytes.writeInt(bs.readInt(offset + 56));
    }
     {
      bytes.writeInt(bs.readInt(offset + 60));
    }
  }

  @Override
  public void readMarshallable(BytesIn bytes) {
     {
      bs.writeLong(offset + 0, bytes.readLong());
    }
     {
      bs.writeLong(offset + 8, bytes.readLong());
    }
     {
      bs.writeLong(offset + 16, bytes.readLong());
    }
     {
      bs.writeLong(offset + 24, bytes.readLong());
    }
     {
      bs.writeLong(offset + 32, bytes.readLong());
    }
     {
      bs.writeLong(offset + 40, bytes.readLong());
    }
     {
      bs.writeInt(offset + 48, bytes.readInt());
    }
     {
      bs.writeInt(offset + 52, bytes.readInt());
    }
     {
      bs.writeInt(offset + 56, bytes.readInt());
    }
     {
      bs.writeInt(offset + 60, bytes.readInt());
    }
  }

  @Override
  public boolean equals(Object obj) {
    if (!(obj instanceof CodeRecord)) return false;
    CodeRecord other = (CodeRecord) obj;
     {
      if (getLastScanAt() != other.getLastScanAt()) return false;
    }
     {
      if (getFirstDeviceHash() != other.getFirstDeviceHash()) return false;
    }
     {
      if (getFirstScanAt() != other.getFirstScanAt()) return false;
    }
     {
      if (getDeviceSketch() != other.getDeviceSketch()) return false;
    }
     {
      if (getLastRegion() != other.getLastRegion()) return false;
    }
     {
      if (getFirstRegion() != other.getFirstRegion()) return false;
    }
     {
      if (getSuspectAtCount() != other.getSuspectAtCount()) return false;
    }
     {
      if (getLastLocation() != other.getLastLocation()) return false;
    }
     {
      if (getFlags() != other.getFlags()) return false;
    }
     {
      if (getScanCount() != other.getScanCount()) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hashCode = 1;
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Long.hashCode(getLastScanAt());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Long.hashCode(getFirstDeviceHash());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Long.hashCode(getFirstScanAt());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Long.hashCode(getDeviceSketch());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Long.hashCode(getLastRegion());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Long.hashCode(getFirstRegion());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Integer.hashCode(getSuspectAtCount());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Integer.hashCode(getLastLocation());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Integer.hashCode(getFlags());
    }
    hashCode *= 1000003;
     {
      hashCode ^= java.lang.Integer.hashCode(getScanCount());
    }
    return hashCode;
  }

  @Override
  public void bytesStore(BytesStore bytesStore, long offset, long length) {
    if (length != maxSize()) {
      throw new IllegalArgumentException("Constant size is 64, given length is " + length);
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
    return 64;
  }
}
