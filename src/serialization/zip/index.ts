export { crc32 } from './crc32.js';
export { readZip, ZipArchive, type ZipEntry, type ZipReadOptions, type ZipEntryReadOptions } from './zip_reader.js';
export { writeZip, writeZipTo, type ZipSink, type ZipWriteEntry, type ZipWriteOptions } from './zip_writer.js';
