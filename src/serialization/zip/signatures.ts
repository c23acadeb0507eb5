/** Zip record signatures, as little-endian u32 values. */
export const SIG = {
  LOCAL: 0x04034b50, // PK\3\4
  CENTRAL: 0x02014b50, // PK\1\2
  END: 0x06054b50, // PK\5\6
  ZIP64_END: 0x06064b50, // PK\6\6
  ZIP64_LOCATOR: 0x07064b50, // PK\6\7
  DATA_DESCRIPTOR: 0x08074b50, // PK\7\8
} as const;
