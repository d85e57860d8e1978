import QRCode from 'qrcode';
import { useEffect, useRef } from 'react';

/** The qualification code as a QR on a canvas (the till scans its text). */
export function QrCode({ text, testId }: { text: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) void QRCode.toCanvas(canvas.current, text, { width: 180, margin: 1 });
  }, [text]);
  return <canvas ref={canvas} data-testid={testId} />;
}
