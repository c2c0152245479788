package io.scangate.verifier.ledger;

import java.lang.Object;
import java.lang.Override;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;
import net.openhft.chronicle.values.Copyable;

public class CodeRecord$$Heap implements CodeRecord, Copyable<CodeRecord>, BytesMarshallable {
  private long __fieldlastScanAt;

  private long __fieldfirstDeviceHash;

  private long __fieldfirstScanAt;

  private long __fielddeviceSketch;

  private long __fieldlastRegion;

  private long __fieldfirstRegion;

  private int __fieldsuspectAtCount;

  private int __fieldlastLocation;

  private int __fieldflags;

  private int __fieldscanCount;

  @Override
  public long getLastScanAt() {
    long raw__fieldlastScanAtValue = __fieldlastScanAt;
    return raw__fieldlastScanAtValue;
  }

  @Override
  public void setLastScanAt(long _lastScanAt) {
    this.__fieldlastScanAt = _lastScanAt;
  }

  @Override
  public long getFirstDeviceHash() {
    long raw__fieldfirstDeviceHashValue = __fieldfirstDeviceHash;
    return raw__fieldfirstDeviceHashValue;
  }

  @Override
  public void setFirstDeviceHash(long _firstDeviceHash) {
    this.__fieldfirstDeviceHash = _firstDeviceHash;
  }

  @Override
  public long getFirstScanAt() {
    long raw__fieldfirstScanAtValue = __fieldfirstScanAt;
    return raw__fieldfirstScanAtValue;
  }

  @Override
  public void setFirstScanAt(long _firstScanAt) {
    this.__fieldfirstScanAt = _firstScanAt;
  }

  @Override
  public long getDeviceSketch() {
    long raw__fielddeviceSketchValue = __fielddeviceSketch;
    return raw__fielddeviceSketchValue;
  }

  @Override
  public void setDeviceSketch(long _deviceSketch) {
    this.__fielddeviceSketch = _deviceSketch;
  }

  @Override
  public long getLastRegion() {
    long raw__fieldlastRegionValue = __fieldlastRegion;
    return raw__fieldlastRegionValue;
  }

  @Override
  public void setLastRegion(long _lastRegion) {
    this.__fieldlastRegion = _lastRegion;
  }

  @Override
  public long getFirstRegion() {
    long raw__fieldfirstRegionValue = __fieldfirstRegion;
    return raw__fieldfirstRegionValue;
  }

  @Override
  public void setFirstRegion(long _firstRegion) {
    this.__fieldfirstRegion = _firstRegion;
  }

  @Override
  public int getSuspectAtCount() {
    int raw__fieldsuspectAtCountValue = __fieldsuspectAtCount;
    return raw__fieldsuspectAtCountValue;
  }

  @Override
  public void setSuspectAtCount(int _suspectAtCount) {
    this.__fieldsuspectAtCount = _suspectAtCount;
  }

  @Override
  public int getLastLocation() {
    int raw__fieldlastLocationValue = __fieldlastLocation;
    return raw__fieldlastLocationValue;
  }

  @Override
  public void setLastLocation(int _lastLocation) {
    this.__fieldlastLocation = _lastLocation;
  }

  @Override
  public int getFlags() {
    int raw__fieldflagsValue = __fieldflags;
    return raw__fieldflagsValue;
  }

  @Override
  public void setFlags(int _flags) {
    this.__fieldflags = _flags;
  }

  @Override
  public int getScanCount() {
    int raw__fieldscanCountValue = __fieldscanCount;
    return raw__fieldscanCountValue;
  }

  @Override
  public void setScanCount(int _scanCount) {
    this.__fieldscanCount = _scanCount;
  }

  @Override
  public void copyFrom(CodeRecord from) {
     {
      long lastScanAtCopy = from.getLastScanAt();
      this.__fieldlastScanAt = lastScanAtCopy;
    }
     {
      long firstDeviceHashCopy = from.getFirstDeviceHash();
      this.__fieldfirstDeviceHash = firstDeviceHashCopy;
    }
     {
      long firstScanAtCopy = from.getFirstScanAt();
      this.__fieldfirstScanAt = firstScanAtCopy;
    }
     {
      long deviceSketchCopy = from.getDeviceSketch();
      this.__fielddeviceSketch = deviceSketchCopy;
    }
     {
      long lastRegionCopy = from.getLastRegion();
      this.__fieldlastRegion = lastRegionCopy;
    }
     {
      long firstRegionCopy = from.getFirstRegion();
      this.__fieldfirstRegion = firstRegionCopy;
    }
     {
      int suspectAtCountCopy = from.getSuspectAtCount();
      this.__fieldsuspectAtCount = suspectAtCountCopy;
    }
     {
      int lastLocationCopy = from.getLastLocation();
      this.__fieldlastLocation = lastLocationCopy;
    }
     {
      int flagsCopy = from.getFlags();
      this.__fieldflags = flagsCopy;
    }
     {
      int scanCountCopy = from.getScanCount();
      this.__fieldscanCount = scanCountCopy;
    }
  }

  @Override
  public void writeMarshallable(BytesOut bytes) {
     {
      bytes.writeLong(getLastScanAt());
    }
     {
      bytes.writeLong(getFirstDeviceHash());
    }
     {
      bytes.writeLong(getFirstScanAt());
    }
     {
      bytes.writeLong(getDeviceSketch());
    }
     {
      bytes.writeLong(getLastRegion());
    }
     {
      bytes.writeLong(getFirstRegion());
    }
     {
      bytes.writeInt(getSuspectAtCount());
    }
     {
      bytes.writeInt(getLastLocation());
    }
     {
      bytes.writeInt(getFlags());
    }
     {
      bytes.writeInt(getScanCount());
    }
  }

  @Override
  public void readMarshallable(BytesIn bytes) {
     {
      __fieldlastScanAt = bytes.readLong();
    }
     {
      __fieldfirstDeviceHash = bytes.readLong();
    }
     {
      __fieldfirstScanAt = bytes.readLong();
    }
     {
      __fielddeviceSketch = bytes.readLong();
    }
     {
      __fieldlastRegion = bytes.readLong();
    }
     {
      __fieldfirstRegion = bytes.readLong();
    }
     {
      __fieldsuspectAtCount = bytes.readInt();
    }
     {
      __fieldlastLocation = bytes.readInt();
    }
     {
      __fieldflags = bytes.readInt();
    }
     {
      __fieldscanCount = bytes.readInt();
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
}
